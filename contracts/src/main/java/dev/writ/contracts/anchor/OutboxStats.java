package dev.writ.contracts.anchor;

import java.util.Optional;

/**
 * What chain health and metrics need from the outbox of one domain.
 *
 * @param open                 batches not yet confirmed on chain (QUEUED, SENT, MINED)
 * @param oldestOpenQueuedAt   when the oldest of them was queued, or -1 when none is open
 * @param lastConfirmedBatch   the newest confirmed batch, or -1
 * @param failed               the first FAILED batch (a fork), if any
 */
public record OutboxStats(long open, long oldestOpenQueuedAt, long lastConfirmedBatch, Optional<OutboxEntry> failed) {
}
