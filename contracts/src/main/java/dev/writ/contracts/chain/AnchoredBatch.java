package dev.writ.contracts.chain;

/**
 * One anchored batch as {@code EvidenceAnchor} stores it: records {@code firstSeq..lastSeq} of the
 * domain's evidence, their RFC 9162 tree root, and the block it was anchored in.
 */
public record AnchoredBatch(Bytes32 domain, long batchSeq, long firstSeq, long lastSeq, Bytes32 root, long blockNumber) {
  public long size() {
    return lastSeq - firstSeq + 1;
  }
}
