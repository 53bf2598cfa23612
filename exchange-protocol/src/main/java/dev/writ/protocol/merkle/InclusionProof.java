package dev.writ.protocol.merkle;

import java.util.List;

/**
 * An RFC 9162 inclusion proof (section 2.1.3): the audit path that links the leaf at
 * {@code leafIndex} to the root of the first {@code treeSize} leaves, listed from the leaf's
 * sibling upwards. Sizes are {@code long} because the wire format (inclusion_proof_v2) carries
 * 64-bit values, even though one in-memory {@link MerkleTree} holds fewer leaves.
 *
 * <p>A proof is only a claim. The record holds whatever it is given (no range or length checks) so
 * that a parser can always build one; {@link MerkleVerifier#verifyInclusion} is the one judge and
 * refuses a bad claim with a typed fault. The path is deep-copied in and out: no caller can change
 * a proof after it was verified.
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {
    public InclusionProof {
        path = HashPath.copyOf(path);
    }

    /** A deep copy of the audit path, from the leaf's sibling up to the child of the root. */
    @Override
    public List<byte[]> path() {
        return HashPath.copyOf(path);
    }

    /** The path without a copy, for the verifier in this package, which only reads it. */
    List<byte[]> pathView() {
        return path;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InclusionProof that
                && leafIndex == that.leafIndex
                && treeSize == that.treeSize
                && HashPath.equal(path, that.path);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(leafIndex) + Long.hashCode(treeSize)) + HashPath.hash(path);
    }

    @Override
    public String toString() {
        return "InclusionProof[leafIndex=" + leafIndex + ", treeSize=" + treeSize
                + ", path=" + HashPath.toString(path) + "]";
    }
}
