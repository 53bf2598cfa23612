package dev.writ.protocol.merkle;

import java.util.List;

/**
 * An RFC 9162 consistency proof (section 2.1.4): the hashes showing that the tree of
 * {@code oldSize} leaves is a prefix of the tree of {@code newSize} leaves, i.e. that the log only
 * appended. Sizes are {@code long} because the wire format (consistency_proof_v2) carries 64-bit
 * values.
 *
 * <p>A proof is only a claim. The record holds whatever it is given (no range or length checks) so
 * that a parser can always build one; {@link MerkleVerifier#verifyConsistency} is the one judge
 * and refuses a bad claim with a typed fault. The path is deep-copied in and out.
 */
public record ConsistencyProof(long oldSize, long newSize, List<byte[]> path) {
    public ConsistencyProof {
        path = HashPath.copyOf(path);
    }

    /** A deep copy of the proof's hashes, in the order RFC 9162 PROOF(m, D[n]) lists them. */
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
        return other instanceof ConsistencyProof that
                && oldSize == that.oldSize
                && newSize == that.newSize
                && HashPath.equal(path, that.path);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(oldSize) + Long.hashCode(newSize)) + HashPath.hash(path);
    }

    @Override
    public String toString() {
        return "ConsistencyProof[oldSize=" + oldSize + ", newSize=" + newSize
                + ", path=" + HashPath.toString(path) + "]";
    }
}
