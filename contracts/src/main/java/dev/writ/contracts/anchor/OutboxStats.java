package dev.writ.contracts.anchor;

import java.util.Optional;

/**
 * What chain health and metrics need from the outbox of one domain.
 *
 * @param open                 batches not yet confirmed on chain (QUEUED, SENT, MINED)
 * @param oldestOpenBatch      the batch number of the oldest of them, or -1 when none is open. Not
 *                             when it was queued: that time is the sealing node's clock, and another
 *                             node's clock says nothing about how long a batch has waited here
 *                             ({@link ChainProbe} measures that on its own clock)
 * @param lastConfirmedBatch   the newest confirmed batch, or -1
 * @param failed               the first FAILED batch (a fork), if any
 */
public record OutboxStats(long open, long oldestOpenBatch, long lastConfirmedBatch, Optional<OutboxEntry> failed) {
}
