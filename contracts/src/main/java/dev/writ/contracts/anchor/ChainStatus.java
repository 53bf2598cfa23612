package dev.writ.contracts.anchor;

import java.util.List;

/** The chain's health as this node sees it: a level and the reasons behind it, each with a stable code. */
public record ChainStatus(Level level, List<Reason> reasons, ChainHeadSeen head, OutboxStats outbox, OldestOpenSeen oldest) {
    public enum Level { HEALTHY, DEGRADED, FAILED }

    /**
     * @param code stable, for operators to grep: CHAIN_UNREACHABLE, CHAIN_LAG, SEQUENCER_STALLED,
     *             ANCHOR_BACKLOG, OUTBOX_UNAVAILABLE, or the outbox's fork codes (ANCHOR_FORK, ...)
     */
    public record Reason(String code, Level level, String detail) {
    }

    /** The newest head seen, and when (local clock) its number last grew; number -1 before the first answer. */
    public record ChainHeadSeen(long number, long timestampSeconds, long changedAtMillis) {
        public static final ChainHeadSeen NONE = new ChainHeadSeen(-1, 0, -1);
    }

    /**
     * The oldest batch waiting for the chain, and when (local clock) this node first saw it waiting;
     * batch -1 when none waits. Its age is measured on one clock only, so a node whose clock is off
     * does not see another node's batches as old (or young).
     */
    public record OldestOpenSeen(long batchSeq, long seenAtMillis) {
        public static final OldestOpenSeen NONE = new OldestOpenSeen(-1, -1);

        /** What this node knows of the oldest open batch after reading {@code oldestOpenBatch} at {@code nowMillis}. */
        public OldestOpenSeen next(long oldestOpenBatch, long nowMillis) {
            if (oldestOpenBatch < 0) {
                return NONE;
            }
            return oldestOpenBatch == batchSeq ? this : new OldestOpenSeen(oldestOpenBatch, nowMillis);
        }
    }

    public ChainStatus {
        reasons = List.copyOf(reasons);
    }
}
