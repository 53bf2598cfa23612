package dev.writ.protocol.client;

import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An operator's key for the node's admin endpoints (POST /v1/revocations). Each admin request
 * carries the header {@value #HEADER}: {@code <operator id> <unix millis> <base64url Ed25519 signature>},
 * the signature (purpose OPERATOR_REQUEST) over {@link #signedBytes}. Nodes know operators by id
 * and public key (writ.identity.operators); an agent's certificate key is never one of them.
 */
public record OperatorCredential(String id, SigningKey key) {
    public static final String HEADER = "Writ-Operator";

    public OperatorCredential {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")) {
            throw new IllegalArgumentException("an operator id is 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        Objects.requireNonNull(key, "key");
    }

    /** What is signed: method, path, time and the SHA-256 of the exact body, one per line. */
    public static byte[] signedBytes(String method, String path, long millis, byte[] body) {
        return (method + "\n" + path + "\n" + millis + "\n" + HexFormat.of().formatHex(Hashes.sha256(body)))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The header value for one request. */
    public String header(String method, String path, byte[] body, long millis) {
        byte[] signature = key.sign(SignaturePurpose.OPERATOR_REQUEST, signedBytes(method, path, millis, body));
        return id + " " + millis + " " + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }
}
