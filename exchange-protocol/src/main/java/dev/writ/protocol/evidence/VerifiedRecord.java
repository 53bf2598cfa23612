package dev.writ.protocol.evidence;

import dev.writ.protocol.wire.EvidenceBody;
import dev.writ.protocol.wire.EvidenceRecord;

/**
 * An evidence record whose signature holds (or that this process just signed), with its parsed
 * body and its hash: SHA-256 of the body bytes, which is also its Merkle leaf data.
 */
public record VerifiedRecord(EvidenceRecord record, EvidenceBody body, byte[] hash) {
    public VerifiedRecord {
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** What the next record of this lane must chain to. */
    public ChainHead next() {
        return new ChainHead(body.getDomain(), body.getLane(), body.getSeq() + 1, hash);
    }
}
