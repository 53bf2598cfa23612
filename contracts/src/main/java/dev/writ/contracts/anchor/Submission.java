package dev.writ.contracts.anchor;

/**
 * The submitter's decisions, pure: given an outbox row and what the chain says, what happens next.
 * The chain's own record (nextBatchSeq, batch(domain, seq)) is the truth it reconciles against, so
 * a restart, a replaced transaction that landed in its old form, or a send whose answer was lost
 * all end the same way: the batch is recognised on chain and never anchored twice.
 */
public final class Submission {
    /** The chain holds a different root or range for a batch number this domain sealed. */
    public static final String FORK = "ANCHOR_FORK";
    /** The chain's next batch is before a batch the outbox already saw on chain (a deep reorg or a reset chain). */
    public static final String CHAIN_BEHIND = "ANCHOR_CHAIN_BEHIND";

    private Submission() {
    }

    /**
     * @param confirmations      blocks the batch's block must be deep (1 = mined is enough)
     * @param replaceAfterBlocks blocks a sent transaction may stay unmined before it is replaced
     */
    public static SubmitStep decide(OutboxEntry entry, ChainView chain, int confirmations, int replaceAfterBlocks) {
        if (!entry.state().open()) {
            throw new IllegalArgumentException("batch " + entry.batchSeq() + " is " + entry.state() + ", nothing to decide");
        }
        if (chain.nextBatchSeq() > entry.batchSeq()) {
            OnChainBatch held = chain.batch().orElseThrow(() -> new IllegalArgumentException(
                    "the chain is past batch " + entry.batchSeq() + " but its batch was not read"));
            if (!held.matches(entry)) {
                return new SubmitStep.Fail(FORK, "the chain holds batch " + entry.batchSeq() + " of " + entry.domain()
                        + " as " + held.firstSeq() + ".." + held.lastSeq() + " root " + held.root() + ", this domain sealed "
                        + entry.firstSeq() + ".." + entry.lastSeq() + " root " + entry.root());
            }
            long depth = chain.headBlock() - held.blockNumber() + 1;
            return depth >= confirmations ? new SubmitStep.Confirmed(held.blockNumber()) : new SubmitStep.Mined(held.blockNumber());
        }
        if (chain.nextBatchSeq() < entry.batchSeq()) {
            return new SubmitStep.Fail(CHAIN_BEHIND, "the chain expects batch " + chain.nextBatchSeq() + " of " + entry.domain()
                    + " but batch " + (entry.batchSeq() - 1) + " was already seen on chain: the chain lost anchors");
        }
        if (chain.nextFirstSeq() != entry.firstSeq()) {
            // The previous batch was confirmed with this domain's own range (or this is batch 0), so the
            // chain cannot truly expect another leaf: the two counters were read across a new block
            // (anvil answers a pinned head from its moving state; a chaos drill caught it). Sending now
            // would revert; reading again settles it, and a lasting disagreement shows as ANCHOR_BACKLOG.
            return new SubmitStep.Wait("the chain's counters disagree (next batch " + chain.nextBatchSeq() + ", next leaf "
                    + chain.nextFirstSeq() + "; batch " + entry.batchSeq() + " starts at " + entry.firstSeq() + "): reading again");
        }
        return switch (entry.state()) {
            case QUEUED -> new SubmitStep.Send(entry.attempts() == 0 ? "first send" : "re-send after: " + entry.lastError());
            case MINED -> new SubmitStep.Send("the chain no longer holds the batch seen in block " + entry.block() + " (reorg)");
            case SENT -> {
                if (chain.minedNonce() > entry.nonce()) {
                    // The nonce is used but the batch is not on chain: that transaction reverted or was
                    // replaced by another one of this wallet. The batch needs a new transaction.
                    yield new SubmitStep.Send("nonce " + entry.nonce() + " was used without anchoring the batch");
                }
                long waited = chain.headBlock() - entry.sentBlock();
                yield waited >= replaceAfterBlocks
                        ? new SubmitStep.Replace(entry.nonce(), entry.fees(), "unmined for " + waited + " blocks")
                        : new SubmitStep.Wait("sent " + waited + " blocks ago");
            }
            default -> throw new IllegalStateException("unreachable: " + entry.state());
        };
    }
}
