package dev.writ.protocol.merkle;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 9162 section 2.1.1 hash rule, bound to one reusable digest for the hot loops of building
 * and proving. Not thread-safe: every build, proof or verification takes its own instance.
 *
 * <p>The JDK's SHA-256 is used rather than BouncyCastle's {@code SHA256Digest}: HotSpot compiles
 * it to the CPU's SHA instructions where they exist (about five times faster here than the pure
 * Java digest), and the provider lookup is paid once per operation, not once per hash.
 */
final class MerkleHasher {
    /** Domain separation (RFC 9162 2.1.1): a leaf can never be read as an interior node. */
    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private final MessageDigest digest;

    MerkleHasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc); this cannot happen.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** MTH({}) = SHA-256 of the empty string. */
    byte[] emptyRoot() {
        return digest.digest();
    }

    byte[] leaf(byte[] data) {
        byte[] out = new byte[MerkleHash.LENGTH];
        leafInto(data, out, 0);
        return out;
    }

    void leafInto(byte[] data, byte[] out, int outOffset) {
        digest.update(LEAF_PREFIX);
        digest.update(data);
        finish(out, outOffset);
    }

    byte[] node(byte[] left, byte[] right) {
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /**
     * Hashes two children that lie next to each other in {@code level} (left at {@code offset},
     * right just after it), which is how siblings sit in {@link MerkleTree}'s flat level arrays.
     */
    void adjacentNodeInto(byte[] level, int offset, byte[] out, int outOffset) {
        digest.update(NODE_PREFIX);
        digest.update(level, offset, 2 * MerkleHash.LENGTH);
        finish(out, outOffset);
    }

    private void finish(byte[] out, int outOffset) {
        try {
            digest.digest(out, outOffset, MerkleHash.LENGTH);
        } catch (DigestException e) {
            // Only thrown when the output does not fit; every caller sizes it to LENGTH.
            throw new IllegalStateException("digest output does not fit", e);
        }
    }
}
