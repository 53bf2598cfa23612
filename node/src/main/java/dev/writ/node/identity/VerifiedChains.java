package dev.writ.node.identity;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.identity.AgentChainVerifier;
import dev.writ.protocol.identity.RevocationCheck;
import dev.writ.protocol.identity.VerifiedAgent;
import dev.writ.protocol.identity.VerifiedPep;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Certificate chains this node has verified, so a chain an agent presents with every proposal (or a
 * PEP with every redemption) is parsed and its signatures checked once (docs/decisions.md, D47). Only
 * the pure part is kept: the chain to the root, the key usage, the domain, who it certifies. What
 * can change between two requests is checked by the caller on every one: the revocation ledger (in
 * the snapshot the request is decided under) and the signature over the request. The time is
 * checked here: an entry is used only between the instant it was verified and the earliest expiry
 * in its chain. An entry verified under another revocation epoch is verified again. Keyed by
 * SHA-256 over the exact DER bytes of the chain, so a chain that differs in any byte is a miss;
 * bounded, least recently used first out. A failed check is never kept: the next request with that
 * chain is checked in full again.
 *
 * @param <T> what a chain check proves: a {@link VerifiedAgent} or a {@link VerifiedPep}
 */
public final class VerifiedChains<T> {
    /**
     * The pure chain check: everything the chain verifier checks but revocation, at {@code now},
     * and until when its answer holds.
     */
    @FunctionalInterface
    public interface ChainCheck<T> {
        Verified<T> verify(List<byte[]> chain, Instant now) throws ProtocolException;
    }

    /** What a chain check proved, and the earliest expiry among the certificates it read. */
    public record Verified<T>(T value, Instant validUntil) {
    }

    /**
     * Revocation is not the chain check's: callers ask the request's own snapshot after the cache,
     * so a revocation refuses the very next request whether its chain was cached or not.
     */
    private static final RevocationCheck CHECKED_PER_REQUEST = (serial, agent, key) -> Optional.empty();

    private record Entry<T>(Verified<T> verified, Instant verifiedAt, long epoch) {
        boolean holds(Instant now, long currentEpoch) {
            return epoch == currentEpoch && !now.isBefore(verifiedAt) && !now.isAfter(verified.validUntil());
        }
    }

    private final ChainCheck<T> check;
    private final Map<ByteBuffer, Entry<T>> entries;

    /** {@code capacity} chains at most (0: none kept, every chain checked in full on every request). */
    public VerifiedChains(ChainCheck<T> check, int capacity) {
        this.check = check;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Entry<T>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The agent chain check of {@code verifier}: its {@link AgentChainVerifier#verify} without revocation. */
    public static ChainCheck<VerifiedAgent> agentsOf(AgentChainVerifier verifier) {
        return (chain, now) -> new Verified<>(verifier.verify(chain, now, CHECKED_PER_REQUEST), verifier.validUntil(chain));
    }

    /** The PEP chain check of {@code verifier}: its {@link AgentChainVerifier#verifyPep}, which reads no revocation. */
    public static ChainCheck<VerifiedPep> pepsOf(AgentChainVerifier verifier) {
        return (chain, now) -> new Verified<>(verifier.verifyPep(chain, now), verifier.validUntil(chain));
    }

    /**
     * What {@code chain} certifies at {@code now}: from the cache when it holds under revocation
     * epoch {@code epoch}, else checked in full (and kept when it holds). Revocation is the caller's.
     */
    public T verified(List<byte[]> chain, Instant now, long epoch) throws ProtocolException {
        ByteBuffer key = keyOf(chain);
        Entry<T> entry;
        synchronized (entries) {
            entry = entries.get(key);
        }
        if (entry == null || !entry.holds(now, epoch)) {
            entry = new Entry<>(check.verify(chain, now), now, epoch);
            synchronized (entries) {
                entries.put(key, entry);
            }
        }
        return entry.verified().value();
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
