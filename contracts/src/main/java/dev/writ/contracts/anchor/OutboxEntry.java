package dev.writ.contracts.anchor;

import java.util.Objects;

/**
 * One row of the anchoring outbox: a sealed batch and how far it is on its way to the chain.
 *
 * @param firstSeq  domain-wide index of the batch's first leaf (EvidenceAnchor's {@code nextFirstSeq})
 * @param lastSeq   domain-wide index of its last leaf, so {@code lastSeq - firstSeq + 1} is the tree size
 * @param root      the RFC 9162 root, {@code 0x} and 64 lower-case hex digits
 * @param txHash    the last transaction sent for it, or "" when none
 * @param nonce     that transaction's nonce, or -1
 * @param sentBlock the chain head when it was sent, or -1 (replacement counts blocks from here)
 * @param block     the block the chain recorded the batch in, or -1 while not on chain
 */
public record OutboxEntry(
        String domain,
        long batchSeq,
        long firstSeq,
        long lastSeq,
        String root,
        OutboxState state,
        String txHash,
        long nonce,
        Fees fees,
        long sentBlock,
        long block,
        int attempts,
        String lastError,
        long queuedAtMillis,
        long updatedAtMillis) {

    public OutboxEntry {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(txHash, "txHash");
        Objects.requireNonNull(fees, "fees");
        Objects.requireNonNull(lastError, "lastError");
        if (!root.matches("0x[0-9a-f]{64}")) {
            throw new IllegalArgumentException("root must be 0x and 64 lower-case hex digits, got " + root);
        }
        if (batchSeq < 0 || firstSeq < 0 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("batch " + batchSeq + " has a bad range " + firstSeq + ".." + lastSeq);
        }
    }

    /** A freshly sealed batch, waiting for its first transaction. */
    public static OutboxEntry queued(String domain, long batchSeq, long firstSeq, long lastSeq, String root, long nowMillis) {
        return new OutboxEntry(domain, batchSeq, firstSeq, lastSeq, root, OutboxState.QUEUED, "", -1, Fees.NONE, -1, -1,
                0, "", nowMillis, nowMillis);
    }

    public long treeSize() {
        return lastSeq - firstSeq + 1;
    }

    public OutboxEntry sent(String hash, long txNonce, Fees txFees, long headBlock, long nowMillis) {
        return new OutboxEntry(domain, batchSeq, firstSeq, lastSeq, root, OutboxState.SENT, hash, txNonce, txFees, headBlock,
                -1, attempts + 1, "", queuedAtMillis, nowMillis);
    }

    public OutboxEntry onChain(OutboxState minedOrConfirmed, String hash, long inBlock, long nowMillis) {
        return new OutboxEntry(domain, batchSeq, firstSeq, lastSeq, root, minedOrConfirmed, hash, nonce, fees, sentBlock,
                inBlock, attempts, "", queuedAtMillis, nowMillis);
    }

    /** Back to QUEUED: the transaction is gone (dropped, its nonce used otherwise, or reorged out); send afresh. */
    public OutboxEntry requeued(String why, long nowMillis) {
        return new OutboxEntry(domain, batchSeq, firstSeq, lastSeq, root, OutboxState.QUEUED, txHash, nonce, fees, sentBlock,
                -1, attempts, why, queuedAtMillis, nowMillis);
    }

    public OutboxEntry failed(String why, long nowMillis) {
        return new OutboxEntry(domain, batchSeq, firstSeq, lastSeq, root, OutboxState.FAILED, txHash, nonce, fees, sentBlock,
                block, attempts, why, queuedAtMillis, nowMillis);
    }

    /** The same state, with the error of an attempt that did not get through (RPC down, a refused send). */
    public OutboxEntry erred(String why, long nowMillis) {
        return new OutboxEntry(domain, batchSeq, firstSeq, lastSeq, root, state, txHash, nonce, fees, sentBlock, block,
                attempts + 1, why, queuedAtMillis, nowMillis);
    }
}
