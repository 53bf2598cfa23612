package dev.writ.protocol.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;

/** SHA-256, the one hash of the protocol. BouncyCastle's digest avoids a provider lookup per call. */
public final class Hashes {
    public static final int SHA256_LENGTH = 32;

    private Hashes() {
    }

    public static byte[] sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static byte[] sha256(byte[] data, int offset, int length) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, offset, length);
        byte[] out = new byte[SHA256_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    /** 32 zero bytes: the previous-hash of the first record or envelope of a chain. */
    public static byte[] zeroHash() {
        return new byte[SHA256_LENGTH];
    }
}
