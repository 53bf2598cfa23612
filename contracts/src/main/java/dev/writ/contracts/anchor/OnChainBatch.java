package dev.writ.contracts.anchor;

/** What {@code EvidenceAnchor.batch(domain, seq)} returns: the batch as the chain holds it. */
public record OnChainBatch(long firstSeq, long lastSeq, String root, long blockNumber) {
    /** Whether the chain holds exactly this outbox row's batch (same range, same root). */
    public boolean matches(OutboxEntry entry) {
        return firstSeq == entry.firstSeq() && lastSeq == entry.lastSeq() && root.equalsIgnoreCase(entry.root());
    }
}
