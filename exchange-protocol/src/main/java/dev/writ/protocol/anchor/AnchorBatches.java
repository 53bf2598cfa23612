package dev.writ.protocol.anchor;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.Wire;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.merkle.MerkleTree;
import dev.writ.protocol.merkle.MerkleVerifier;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.InclusionProof;
import dev.writ.protocol.wire.LaneRange;
import dev.writ.protocol.wire.SignedAnchorBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Anchor batches (invariant 5): an RFC 9162 tree whose leaves are the hashes of a contiguous run of
 * evidence records per lane, in the order of the batch's ranges; signed by the domain, then put
 * on chain by the anchorer.
 */
public final class AnchorBatches {
    private static final int MAX_BATCH_BYTES = 64 * 1024;

    private AnchorBatches() {
    }

    /** Seals a batch over {@code recordHashes}, which must be the records of {@code ranges} in order. */
    public static SealedBatch seal(SigningKey key, String domain, long batchSeq, List<LaneRange> ranges,
                                   List<byte[]> recordHashes, long sealedAtMillis) {
        long covered = 0;
        for (LaneRange range : ranges) {
            if (range.getLastSeq() < range.getFirstSeq()) {
                throw new IllegalArgumentException("range " + range.getLane() + " ends before it starts");
            }
            covered += range.getLastSeq() - range.getFirstSeq() + 1;
        }
        if (covered != recordHashes.size() || covered == 0) {
            throw new IllegalArgumentException("ranges cover " + covered + " records, got " + recordHashes.size());
        }
        MerkleTree tree = MerkleTree.ofLeafData(recordHashes);
        AnchorBatch batch = AnchorBatch.newBuilder()
                .setDomain(domain)
                .setBatchSeq(batchSeq)
                .addAllRanges(ranges)
                .setTreeSize(tree.size())
                .setRoot(ByteString.copyFrom(tree.root()))
                .setSealedAtMillis(sealedAtMillis)
                .build();
        byte[] bytes = batch.toByteArray();
        SignedAnchorBatch signed = SignedAnchorBatch.newBuilder()
                .setBatch(ByteString.copyFrom(bytes))
                .setKeyId(ByteString.copyFrom(key.id().bytes()))
                .setSignature(ByteString.copyFrom(key.sign(SignaturePurpose.ANCHOR_BATCH, bytes)))
                .build();
        return new SealedBatch(signed, batch, tree);
    }

    /** Checks the domain's signature over the batch and its shape; returns the batch. */
    public static AnchorBatch open(SignedAnchorBatch signed, KeyRing keys) throws ProtocolException {
        byte[] bytes = signed.getBatch().toByteArray();
        AnchorBatch batch = Wire.parse(AnchorBatch.parser(), bytes, MAX_BATCH_BYTES, "anchor batch");
        KeyId keyId = KeyId.ofBytes(signed.getKeyId().toByteArray());
        keys.require(keyId, batch.getDomain())
                .verify(SignaturePurpose.ANCHOR_BATCH, bytes, signed.getSignature().toByteArray());
        long covered = 0;
        for (LaneRange range : batch.getRangesList()) {
            if (range.getLastSeq() < range.getFirstSeq()) {
                throw new ProtocolException(Fault.ANCHOR_INVALID, "batch " + batch.getBatchSeq() + " has a backwards range");
            }
            covered += range.getLastSeq() - range.getFirstSeq() + 1;
        }
        if (covered != batch.getTreeSize() || batch.getRoot().size() != Hashes.SHA256_LENGTH) {
            throw new ProtocolException(Fault.ANCHOR_INVALID,
                    "batch " + batch.getBatchSeq() + " ranges cover " + covered + " records but its tree has " + batch.getTreeSize());
        }
        return batch;
    }

    /** Where the record (lane, seq) sits among the batch's leaves. */
    public static long leafIndexOf(AnchorBatch batch, String lane, long seq) throws ProtocolException {
        long offset = 0;
        for (LaneRange range : batch.getRangesList()) {
            if (range.getLane().equals(lane) && seq >= range.getFirstSeq() && seq <= range.getLastSeq()) {
                return offset + (seq - range.getFirstSeq());
            }
            offset += range.getLastSeq() - range.getFirstSeq() + 1;
        }
        throw new ProtocolException(Fault.ANCHOR_INVALID,
                "batch " + batch.getBatchSeq() + " does not cover " + lane + "#" + seq);
    }

    /**
     * Proves that the record with {@code recordHash} at (lane, seq) is in the batch: the proof must
     * be for the leaf where the batch's ranges put that record, and lead to the batch's root.
     */
    public static void verifyInclusion(AnchorBatch batch, String lane, long seq, byte[] recordHash,
                                       InclusionProof proof) throws ProtocolException {
        long expectedIndex = leafIndexOf(batch, lane, seq);
        if (proof.getBatchSeq() != batch.getBatchSeq() || proof.getLeafIndex() != expectedIndex
                || proof.getTreeSize() != batch.getTreeSize()) {
            throw new ProtocolException(Fault.INCLUSION_PROOF_INVALID, "proof for " + lane + "#" + seq
                    + " names leaf " + proof.getLeafIndex() + " of " + proof.getTreeSize() + " in batch "
                    + proof.getBatchSeq() + "; the batch puts it at leaf " + expectedIndex + " of " + batch.getTreeSize());
        }
        if (proof.getPathCount() > 64) {
            throw new ProtocolException(Fault.INCLUSION_PROOF_INVALID, "inclusion path longer than any tree allows");
        }
        List<byte[]> path = new ArrayList<>(proof.getPathCount());
        for (ByteString hash : proof.getPathList()) {
            path.add(hash.toByteArray());
        }
        MerkleVerifier.verifyInclusion(MerkleTree.leafHash(recordHash),
                new dev.writ.protocol.merkle.InclusionProof(proof.getLeafIndex(), proof.getTreeSize(), path),
                batch.getRoot().toByteArray());
    }
}
