package dev.writ.contracts.anchor;

/**
 * Where a confirmed anchor goes besides the outbox: the node stores it into its signed batch so
 * proof bundles carry the chain anchor. Called before the outbox row turns CONFIRMED, so a crash in
 * between repeats the call; implementations must be idempotent.
 */
@FunctionalInterface
public interface AnchorSink {
    void confirmed(OutboxEntry batch, long chainId, String contract, String txHash, long blockNumber);
}
