package dev.writ.protocol.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256, the one hash of the protocol. The JDK's digest uses the CPU's SHA instructions and
 * measured about 5 times faster here than BouncyCastle's; a cloned prototype avoids the provider
 * lookup on every call.
 */
public final class Hashes {
    public static final int SHA256_LENGTH = 32;
    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError("every Java platform must provide SHA-256");
        }
    }

    private Hashes() {
    }

    public static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static byte[] sha256(byte[] data, int offset, int length) {
        MessageDigest digest = newDigest();
        digest.update(data, offset, length);
        return digest.digest();
    }

    /** 32 zero bytes: the previous-hash of the first record or envelope of a chain. */
    public static byte[] zeroHash() {
        return new byte[SHA256_LENGTH];
    }

    private static MessageDigest newDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the platform's SHA-256 digest cannot be cloned", e);
        }
    }
}
