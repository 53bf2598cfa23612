package dev.writ.contracts.anchor;

import java.time.Duration;

/**
 * When the chain counts as unhealthy (node settings {@code writ.chain.*}).
 *
 * @param maxBlockLag  the head block's timestamp may trail the local clock by at most this
 * @param blockTime    the chain's expected block interval
 * @param stallBlocks  no new block for this many block times means the sequencer stalled
 * @param maxBatchAge  a batch may wait this long from sealing to confirmation before the backlog counts as stuck
 * @param maxBacklog   more open batches than this is a growing backlog
 */
public record ChainHealthBounds(Duration maxBlockLag, Duration blockTime, int stallBlocks, Duration maxBatchAge, long maxBacklog) {
}
