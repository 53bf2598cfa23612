package dev.writ.contracts.anchor;

import java.util.Optional;

/**
 * What the submitter read from the chain for one outbox row, at one head block.
 *
 * @param headBlock     the latest block number
 * @param nextBatchSeq  {@code EvidenceAnchor.nextBatchSeq(domain)}
 * @param nextFirstSeq  {@code EvidenceAnchor.nextFirstSeq(domain)}
 * @param batch         {@code batch(domain, entry.batchSeq)} when the chain already holds it
 * @param minedNonce    the anchorer's transaction count at the head (nonces below it are used)
 */
public record ChainView(long headBlock, long nextBatchSeq, long nextFirstSeq, Optional<OnChainBatch> batch, long minedNonce) {
}
