package dev.writ.node.keys;

import dev.writ.node.evidence.KeyDirectory;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.VerifyingKey;
import java.time.Clock;
import java.util.Optional;

/**
 * The domain's node keys as this node last read them from the key directory. A writ signed by a
 * key not yet in the cache (a node that joined since) triggers one re-read, at most once a second,
 * so a flood of forged key ids cannot turn into a flood of queries.
 */
public final class DomainKeyCache {
    private static final long MIN_REFRESH_MILLIS = 1_000;

    private final KeyDirectory directory;
    private final String domain;
    private final Clock clock;
    private volatile KeyRing ring;
    private volatile long readAtMillis;

    public DomainKeyCache(KeyDirectory directory, String domain, Clock clock) {
        this.directory = directory;
        this.domain = domain;
        this.clock = clock;
        this.ring = directory.ring(domain);
        this.readAtMillis = clock.millis();
    }

    public KeyRing ring() {
        return ring;
    }

    /** The domain's node key with this id: from the cache, else from one re-read of the directory (at most once a second). */
    public Optional<VerifyingKey> nodeKey(KeyId id) {
        return ring.find(id).or(() -> refresh().find(id)).filter(entry -> entry.domain().equals(domain))
                .map(KeyRing.Entry::key);
    }

    /** Re-reads the directory unless it was read within the last second; answers the newest ring. */
    public synchronized KeyRing refresh() {
        long now = clock.millis();
        if (now - readAtMillis >= MIN_REFRESH_MILLIS) {
            ring = directory.ring(domain);
            readAtMillis = now;
        }
        return ring;
    }
}
