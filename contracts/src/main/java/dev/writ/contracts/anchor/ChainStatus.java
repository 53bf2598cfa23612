package dev.writ.contracts.anchor;

import java.util.List;

/** The chain's health as this node sees it: a level and the reasons behind it, each with a stable code. */
public record ChainStatus(Level level, List<Reason> reasons, ChainHeadSeen head, OutboxStats outbox) {
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

    public ChainStatus {
        reasons = List.copyOf(reasons);
    }
}
