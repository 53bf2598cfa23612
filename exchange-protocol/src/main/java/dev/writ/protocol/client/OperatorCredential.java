package dev.writ.protocol.client;

import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * An operator's key for the node's admin endpoints (POST /v1/revocations, POST
 * /v1/domains/resolutions). Each admin request carries the header {@value #HEADER}, an
 * {@link OperatorHeader}: signed for one node, at one time, with a fresh nonce, so a node serves it
 * once. Nodes know operators by id and public key (writ.identity.operators); an agent's
 * certificate key is never one of them.
 */
public record OperatorCredential(String id, SigningKey key) {
    public static final String HEADER = "Writ-Operator";
    private static final int NONCE_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    public OperatorCredential {
        if (id == null || !id.matches(OperatorHeader.OPERATOR_ID)) {
            throw new IllegalArgumentException("an operator id is 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        Objects.requireNonNull(key, "key");
    }

    /** The header value for one request to the node {@code audience}, signed at {@code millis} with a fresh nonce. */
    public String header(OperatorAudience audience, String method, String path, byte[] body, long millis) {
        byte[] random = new byte[NONCE_BYTES];
        RANDOM.nextBytes(random);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        byte[] signature = key.sign(SignaturePurpose.OPERATOR_REQUEST,
                OperatorHeader.signedBytes(id, audience, method, path, millis, nonce, body));
        return new OperatorHeader(id, audience, millis, nonce, signature).value();
    }
}
