package dev.writ.contracts.anchor;

import java.time.Duration;

/**
 * How the submitter paces itself (node settings {@code writ.chain.*}, documented in node's reference.conf).
 *
 * @param confirmations      blocks deep a batch's block must be before it counts as anchored (1 = mined)
 * @param replaceAfterBlocks blocks a sent transaction may stay unmined before it is replaced with higher fees
 * @param pollInterval       pause between rounds while the chain answers
 * @param minBackoff         first pause after a failed round; doubles on each failure in a row
 * @param maxBackoff         longest pause between failed rounds
 * @param window             open outbox rows looked at per round
 */
public record SubmitterSettings(int confirmations, int replaceAfterBlocks, Duration pollInterval, Duration minBackoff,
                                Duration maxBackoff, int window) {
    public SubmitterSettings {
        if (confirmations < 1 || replaceAfterBlocks < 1 || window < 1) {
            throw new IllegalArgumentException("confirmations, replace-after-blocks and window must be at least 1");
        }
    }

    /** The pause after {@code failures} failed rounds in a row (0: the poll interval). */
    public Duration pauseAfter(int failures) {
        if (failures == 0) {
            return pollInterval;
        }
        long millis = minBackoff.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
