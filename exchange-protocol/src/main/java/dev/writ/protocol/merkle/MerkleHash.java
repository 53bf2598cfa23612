package dev.writ.protocol.merkle;

import java.util.Objects;

/**
 * The hashes of an RFC 9162 (Certificate Transparency v2) Merkle tree over SHA-256, section 2.1.1:
 * a leaf hashes as {@code SHA-256(0x00 || data)}, an interior node as
 * {@code SHA-256(0x01 || left || right)}, and the empty tree as {@code SHA-256("")}. The prefixes
 * keep a leaf from being passed off as a node (second-preimage resistance of the tree).
 */
public final class MerkleHash {
    /** Length in bytes of every leaf, node and root hash. */
    public static final int LENGTH = 32;

    private MerkleHash() {
    }

    /** The root of the tree with no leaves, MTH({}) = SHA-256(""). */
    public static byte[] emptyRoot() {
        return new MerkleHasher().emptyRoot();
    }

    /** MTH({d}) = SHA-256(0x00 || d): the hash of one leaf's exact bytes. */
    public static byte[] leafHash(byte[] data) {
        return new MerkleHasher().leaf(Objects.requireNonNull(data, "data"));
    }

    /**
     * SHA-256(0x01 || left || right). Both children must be hashes; anything else would hash
     * fine and silently give a root no verifier could reproduce, so it is refused here.
     *
     * @throws IllegalArgumentException if a child is not {@value #LENGTH} bytes
     */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        requireHashLength(left, "left");
        requireHashLength(right, "right");
        return new MerkleHasher().node(left, right);
    }

    static void requireHashLength(byte[] hash, String what) {
        Objects.requireNonNull(hash, what);
        if (hash.length != LENGTH) {
            throw new IllegalArgumentException(what + " is " + hash.length + " bytes, a hash is " + LENGTH);
        }
    }
}
