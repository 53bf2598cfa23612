package dev.writ.protocol.anchor;

import com.google.protobuf.ByteString;
import dev.writ.protocol.merkle.MerkleTree;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.InclusionProof;
import dev.writ.protocol.wire.SignedAnchorBatch;

/** A batch just sealed by this domain, with the tree that gives its records' inclusion proofs. */
public record SealedBatch(SignedAnchorBatch signed, AnchorBatch batch, MerkleTree tree) {

    /** The inclusion proof of the leaf at {@code leafIndex} against this batch's root. */
    public InclusionProof inclusionProof(int leafIndex) {
        var proof = tree.inclusionProof(leafIndex, tree.size());
        InclusionProof.Builder wire = InclusionProof.newBuilder()
                .setBatchSeq(batch.getBatchSeq())
                .setLeafIndex(leafIndex)
                .setTreeSize(tree.size());
        for (byte[] hash : proof.path()) {
            wire.addPath(ByteString.copyFrom(hash));
        }
        return wire.build();
    }
}
