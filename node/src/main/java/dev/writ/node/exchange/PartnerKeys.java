package dev.writ.node.exchange;

import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.DomainKey;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.VerifyingKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every domain's signing keys as the on-chain AgentRegistry lists them (invariant 8: a domain's
 * envelopes and writs are checked against the keys its admin registered on chain, never against
 * what a cluster member says). A key counts while it is not revoked and the chain's validity
 * window holds by our clock. Each domain's ring is re-read after {@code refreshInterval}, and at
 * most once a second when an unknown key id turns up (a node that joined since), so forged key ids
 * cannot turn into a flood of chain reads. Only the domains this node exchanges proof with are
 * read and cached: any other name (a writ's unverified {@code dom} claim, an envelope's header) gets
 * an empty ring at once, so made-up names cost no chain read and no memory. Blocking: call from a
 * blocking executor.
 */
public final class PartnerKeys {
    private static final Logger LOG = LoggerFactory.getLogger(PartnerKeys.class);
    private static final long MIN_REREAD_MILLIS = 1_000;
    private static final KeyRing NONE = KeyRing.of(List.of());

    private final AgentRegistryContract registry;
    private final Clock clock;
    private final long refreshMillis;
    private final Predicate<String> partner;
    private final Map<String, Cached> rings = new ConcurrentHashMap<>();

    private record Cached(KeyRing ring, long readAtMillis) {
    }

    /** {@code partner}: the domains whose keys may be read (this node's own and its configured partners). */
    public PartnerKeys(AgentRegistryContract registry, Clock clock, java.time.Duration refreshInterval,
                       Predicate<String> partner) {
        this.registry = registry;
        this.clock = clock;
        this.refreshMillis = refreshInterval.toMillis();
        this.partner = partner;
    }

    /** The domain's ring, re-read when older than the refresh interval. */
    public KeyRing ring(String domain) {
        if (!partner.test(domain)) {
            return NONE;
        }
        Cached c = rings.get(domain);
        long now = clock.millis();
        if (c == null || now - c.readAtMillis >= refreshMillis) {
            c = read(domain, now);
        }
        return c.ring;
    }

    /** The domain's ring, re-read first when it lacks {@code id} (at most once a second). */
    public KeyRing ringWith(String domain, KeyId id) {
        if (!partner.test(domain)) {
            return NONE;
        }
        KeyRing ring = ring(domain);
        if (ring.find(id).isPresent()) {
            return ring;
        }
        Cached c = rings.get(domain);
        long now = clock.millis();
        if (c == null || now - c.readAtMillis >= MIN_REREAD_MILLIS) {
            return read(domain, now).ring;
        }
        return ring;
    }

    private Cached read(String domain, long now) {
        Bytes32 domainId = Bytes32.keccakOf(domain);
        List<KeyRing.Entry> entries = new ArrayList<>();
        long nowSeconds = now / 1000;
        for (Bytes32 id : registry.keyIds(domainId)) {
            DomainKey k = registry.key(domainId, id);
            if (!k.exists() || k.revoked() || nowSeconds < k.validFrom() || nowSeconds >= k.validUntil()) {
                continue;
            }
            try {
                VerifyingKey key = VerifyingKey.fromRaw(k.publicKey().bytes());
                if (!java.util.Arrays.equals(key.id().bytes(), id.bytes())) {
                    LOG.warn("AgentRegistry lists key {} of {} under another id; it is not trusted", id.hex(), domain);
                    continue;
                }
                entries.add(new KeyRing.Entry(domain, key));
            } catch (ProtocolException e) {
                LOG.warn("AgentRegistry holds a malformed key {} for {}; it is not trusted", id.hex(), domain);
            }
        }
        Cached c = new Cached(KeyRing.of(entries), now);
        rings.put(domain, c);
        return c;
    }
}
