package dev.writ.protocol.writ;

import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyId;
import java.nio.charset.StandardCharsets;

/**
 * A writ whose signature has been made or checked: the compact JWS exactly as signed, its claims,
 * and the key that signed it. Only {@link WritIssuer} and {@link WritVerifier} create one.
 */
public final class Writ {
    public static final String TYPE = "application/sae+jwt";

    private final String compact;
    private final WritClaims claims;
    private final KeyId keyId;

    Writ(String compact, WritClaims claims, KeyId keyId) {
        this.compact = compact;
        this.claims = claims;
        this.keyId = keyId;
    }

    public String compact() {
        return compact;
    }

    public WritClaims claims() {
        return claims;
    }

    public KeyId keyId() {
        return keyId;
    }

    /** SHA-256 of the compact serialization's ASCII bytes: how receipts and child writs cite it. */
    public byte[] hash() {
        return hashOf(compact);
    }

    public static byte[] hashOf(String compact) {
        return Hashes.sha256(compact.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "Writ[jti=" + claims.jti() + ", dom=" + claims.domain() + ", kid=" + keyId + "]";
    }
}
