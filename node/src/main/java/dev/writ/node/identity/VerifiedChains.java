package dev.writ.node.identity;

import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.identity.AgentChainVerifier;
import dev.writ.protocol.identity.RevocationCheck;
import dev.writ.protocol.identity.VerifiedAgent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Agent certificate chains this node has verified, so a chain an agent presents with every
 * proposal is parsed and its signatures checked once (docs/decisions.md, D47). Only
 * the pure part is kept: the chain to the root, the key usage, the domain, who it certifies. What
 * can change between two requests is checked on every one: the revocation ledger (by agent and by
 * key, in the snapshot the request is decided under) and the time (an entry is used only between
 * the instant it was verified and the earliest expiry in its chain). An entry verified under another
 * revocation epoch is verified again. Keyed by SHA-256 over the exact DER bytes of the chain, so a
 * chain that differs in any byte is a miss; bounded, least recently used first out. A failed check
 * is never kept: the next request with that chain is checked in full again.
 */
public final class VerifiedChains {
    /**
     * The pure chain check: everything {@link AgentChainVerifier#verify} checks but revocation, at
     * {@code now}, and until when its answer holds.
     */
    @FunctionalInterface
    public interface ChainCheck {
        Verified verify(List<byte[]> chain, Instant now) throws ProtocolException;
    }

    /** What a chain check proved, and the earliest expiry among the certificates it read. */
    public record Verified(VerifiedAgent agent, Instant validUntil) {
    }

    /**
     * Revocation is not the chain check's: {@link #verified} asks the request's own snapshot after
     * the cache, so a revocation refuses the very next request whether its chain was cached or not.
     */
    private static final RevocationCheck CHECKED_PER_REQUEST = (serial, agent, key) -> Optional.empty();

    private record Entry(Verified verified, Instant verifiedAt, long epoch) {
        boolean holds(Instant now, long currentEpoch) {
            return epoch == currentEpoch && !now.isBefore(verifiedAt) && !now.isAfter(verified.validUntil());
        }
    }

    private final ChainCheck check;
    private final Map<ByteBuffer, Entry> entries;

    /** {@code capacity} chains at most (0: none kept, every chain checked in full on every request). */
    public VerifiedChains(ChainCheck check, int capacity) {
        this.check = check;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The chain check of {@code verifier}: its {@link AgentChainVerifier#verify} without revocation. */
    public static ChainCheck checkOf(AgentChainVerifier verifier) {
        return (chain, now) -> new Verified(verifier.verify(chain, now, CHECKED_PER_REQUEST), verifier.validUntil(chain));
    }

    /**
     * Who {@code chain} certifies at {@code now}: from the cache when it holds, else checked in
     * full; then, always, against {@code revocations} (CERT_REVOKED, as the verifier would say it).
     */
    public VerifiedAgent verified(List<byte[]> chain, Instant now, RevocationSnapshot revocations)
            throws ProtocolException {
        ByteBuffer key = keyOf(chain);
        Entry entry;
        synchronized (entries) {
            entry = entries.get(key);
        }
        if (entry == null || !entry.holds(now, revocations.epoch())) {
            entry = new Entry(check.verify(chain, now), now, revocations.epoch());
            synchronized (entries) {
                entries.put(key, entry);
            }
        }
        VerifiedAgent agent = entry.verified().agent();
        Optional<String> revoked = AgentAuthentication.ledger(revocations).revocationOf(agent.serial(), agent.agent(),
                agent.key().id());
        if (revoked.isPresent()) {
            throw new ProtocolException(Fault.CERT_REVOKED, "certificate " + agent.serial().toString(16) + " of "
                    + agent.agent() + " is revoked: " + revoked.get());
        }
        return agent;
    }

    /** SHA-256 over each certificate's length and bytes, so no two different chains share a key. */
    private static ByteBuffer keyOf(List<byte[]> chain) {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        for (byte[] der : chain) {
            framed.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(der.length).array());
            framed.writeBytes(der);
        }
        return ByteBuffer.wrap(Hashes.sha256(framed.toByteArray()));
    }
}
