package dev.writ.protocol.crypto;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A key's identity: the RFC 7638 JWK thumbprint (SHA-256) of its public key, so that any JOSE
 * library can recompute it from the public JWK. Printed as unpadded base64url, as in a JWS `kid`.
 */
public final class KeyId {
    private final byte[] bytes;

    private KeyId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static KeyId ofBytes(byte[] bytes) throws ProtocolException {
        if (bytes == null || bytes.length != Hashes.SHA256_LENGTH) {
            throw new ProtocolException(Fault.MALFORMED, "a key id is 32 bytes, got "
                    + (bytes == null ? "none" : bytes.length));
        }
        return new KeyId(bytes.clone());
    }

    public static KeyId parse(String text) throws ProtocolException {
        if (text == null || text.length() != 43) {
            throw new ProtocolException(Fault.MALFORMED, "a key id is 43 base64url characters");
        }
        try {
            return ofBytes(Base64.getUrlDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Fault.MALFORMED, "a key id is base64url", e);
        }
    }

    static KeyId thumbprintOf(byte[] rawPublicKey) {
        String canonicalJwk = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(rawPublicKey) + "\"}";
        return new KeyId(Hashes.sha256(canonicalJwk.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
