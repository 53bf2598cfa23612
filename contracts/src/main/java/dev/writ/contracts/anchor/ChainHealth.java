package dev.writ.contracts.anchor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides the chain's health from one probe, pure (time comes in as an argument). DEGRADED when
 * the RPC does not answer, the head lags the clock, blocks stopped coming or batches wait too long;
 * FAILED when the outbox found a fork, because then this domain's evidence cannot be anchored at
 * all until an operator acts.
 */
public final class ChainHealth {
    public static final String CHAIN_UNREACHABLE = "CHAIN_UNREACHABLE";
    public static final String CHAIN_LAG = "CHAIN_LAG";
    public static final String SEQUENCER_STALLED = "SEQUENCER_STALLED";
    public static final String ANCHOR_BACKLOG = "ANCHOR_BACKLOG";
    public static final String OUTBOX_UNAVAILABLE = "OUTBOX_UNAVAILABLE";

    private ChainHealth() {
    }

    /**
     * @param rpcError why the last head read failed, or empty when it answered
     * @param head     the newest head seen (kept across failed reads, so a stall is measured from it)
     * @param outbox   the outbox's statistics, or empty with {@code outboxError} when it could not be read
     * @param oldest   the oldest open batch and when this node first saw it open (the same clock as
     *                 {@code nowMillis}): a batch's age is never another node's seal time against this clock
     */
    public static ChainStatus assess(Optional<String> rpcError, ChainStatus.ChainHeadSeen head, Optional<OutboxStats> outbox,
                                     String outboxError, ChainStatus.OldestOpenSeen oldest, ChainHealthBounds bounds,
                                     long nowMillis) {
        List<ChainStatus.Reason> reasons = new ArrayList<>();
        rpcError.ifPresent(e -> reasons.add(degraded(CHAIN_UNREACHABLE, "the chain RPC does not answer: " + e)));
        if (head.number() >= 0) {
            long lag = nowMillis - head.timestampSeconds() * 1000;
            if (lag > bounds.maxBlockLag().toMillis()) {
                reasons.add(degraded(CHAIN_LAG, "head block " + head.number() + " is " + lag + " ms old (bound "
                        + bounds.maxBlockLag().toMillis() + " ms)"));
            }
            long still = nowMillis - head.changedAtMillis();
            long stallMillis = bounds.blockTime().toMillis() * bounds.stallBlocks();
            if (still > stallMillis) {
                reasons.add(degraded(SEQUENCER_STALLED, "no new block after " + head.number() + " for " + still + " ms ("
                        + bounds.stallBlocks() + " block times)"));
            }
        }
        if (outbox.isEmpty()) {
            reasons.add(degraded(OUTBOX_UNAVAILABLE, "the anchoring outbox cannot be read: " + outboxError));
        } else {
            OutboxStats stats = outbox.get();
            stats.failed().ifPresent(f -> reasons.add(new ChainStatus.Reason(code(f.lastError()), ChainStatus.Level.FAILED,
                    "anchoring stopped at batch " + f.batchSeq() + ": " + f.lastError())));
            if (stats.open() > bounds.maxBacklog()) {
                reasons.add(degraded(ANCHOR_BACKLOG, stats.open() + " batches wait for the chain (bound " + bounds.maxBacklog() + ")"));
            } else if (oldest.batchSeq() >= 0 && nowMillis - oldest.seenAtMillis() > bounds.maxBatchAge().toMillis()) {
                reasons.add(degraded(ANCHOR_BACKLOG, "the oldest of " + stats.open() + " waiting batches (" + oldest.batchSeq()
                        + ") has waited " + (nowMillis - oldest.seenAtMillis()) + " ms since this node saw it sealed (bound "
                        + bounds.maxBatchAge().toMillis() + " ms)"));
            }
        }
        ChainStatus.Level level = ChainStatus.Level.HEALTHY;
        for (ChainStatus.Reason r : reasons) {
            level = r.level().ordinal() > level.ordinal() ? r.level() : level;
        }
        return new ChainStatus(level, reasons, head, outbox.orElse(null), oldest);
    }

    private static ChainStatus.Reason degraded(String code, String detail) {
        return new ChainStatus.Reason(code, ChainStatus.Level.DEGRADED, detail);
    }

    /** The fork code the submitter wrote in front of the row's error ("ANCHOR_FORK: ..."). */
    private static String code(String lastError) {
        int colon = lastError.indexOf(':');
        return colon > 0 ? lastError.substring(0, colon) : Submission.FORK;
    }
}
