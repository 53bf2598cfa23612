package dev.writ.node.writs;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.protocol.wire.WritIssuance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the contract a writ was issued for: the payload of its ISSUANCE evidence record, which
 * any node of the domain can read, found by one indexed lookup (not the writ's whole story).
 * Recently seen issuances are kept in a small LRU map.
 */
public final class Contracts {
    private static final int CACHE_SIZE = 10_000;

    private final EvidenceStore store;
    private final String domain;
    private final Map<String, WritIssuance> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WritIssuance> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    public Contracts(EvidenceStore store, String domain) {
        this.store = store;
        this.domain = domain;
    }

    /** The issuance of {@code jti} when it is kept in memory (minted or read here lately); never blocks. */
    public Optional<WritIssuance> cached(String jti) {
        synchronized (recent) {
            return Optional.ofNullable(recent.get(jti));
        }
    }

    /** The issuance of {@code jti}; empty when this domain never issued it. Blocking: call off the dispatcher. */
    public Optional<WritIssuance> issuance(String jti) {
        Optional<WritIssuance> cached = cached(jti);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<StoredRecord> stored = store.issuance(domain, jti);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            WritIssuance issuance = WritIssuance.parseFrom(stored.get().payload());
            remember(jti, issuance);
            return Optional.of(issuance);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the ISSUANCE record of " + jti + " is unreadable", e);
        }
    }

    public void remember(String jti, WritIssuance issuance) {
        synchronized (recent) {
            recent.put(jti, issuance);
        }
    }
}
