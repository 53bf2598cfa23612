package dev.writ.protocol.client;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.VerifyingKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The value of the {@value OperatorCredential#HEADER} header, version 2:
 * {@code v2 <operator id> <domain> <node id> <unix millis> <nonce> <base64url signature>}. The
 * Ed25519 signature (purpose OPERATOR_REQUEST) is over {@link #signedBytes}: the version, the
 * operator, the node addressed, the method, path, time, nonce and the SHA-256 of the exact body.
 * The node the request reaches serves one nonce once within its clock skew, so a captured request
 * cannot be served again, there or at any other node. Read here, checked by the node.
 */
public record OperatorHeader(String operatorId, OperatorAudience audience, long millis, String nonce, byte[] signature) {
    public static final String VERSION = "v2";
    public static final String FORMAT = VERSION + " <operator id> <domain> <node id> <unix millis> <nonce> <signature>";
    /** What an operator id may be: one header token. */
    static final String OPERATOR_ID = "[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}";
    /** base64url of at least 16 random bytes (128 bits: never drawn twice), at most 48. */
    private static final String NONCE = "[A-Za-z0-9_-]{22,64}";
    /** The first header format, '<operator id> <unix millis> <signature>': no node, no nonce, replayable. */
    private static final int RETIRED_PARTS = 3;

    public OperatorHeader {
        Objects.requireNonNull(operatorId, "operatorId");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(nonce, "nonce");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Reads a header value; MALFORMED, with what was expected, when it is not one (a retired format included). */
    public static OperatorHeader parse(String value) throws ProtocolException {
        String[] parts = value.trim().split(" ", -1);
        if (parts.length == RETIRED_PARTS && !parts[0].equals(VERSION)) {
            throw new ProtocolException(Fault.MALFORMED, "this is the retired header '<operator id> <unix millis>"
                    + " <signature>', which names no node and no nonce and could be replayed; sign with a current"
                    + " client: '" + FORMAT + "'");
        }
        if (parts.length != 7 || !parts[0].equals(VERSION)) {
            throw new ProtocolException(Fault.MALFORMED, "the header is '" + FORMAT + "'");
        }
        if (!parts[1].matches(OPERATOR_ID)) {
            throw new ProtocolException(Fault.MALFORMED, "the operator id is 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        if (!parts[5].matches(NONCE)) {
            throw new ProtocolException(Fault.MALFORMED, "the nonce is 22-64 base64url characters (16 random bytes or more)");
        }
        try {
            return new OperatorHeader(parts[1], new OperatorAudience(parts[2], parts[3]), Long.parseLong(parts[4]),
                    parts[5], Base64.getUrlDecoder().decode(parts[6]));
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new ProtocolException(Fault.MALFORMED, "the domain, node id, time or signature is not readable: "
                    + e.getMessage());
        }
    }

    /** The header value, as {@link #parse} reads it. */
    public String value() {
        return String.join(" ", VERSION, operatorId, audience.domain(), audience.nodeId(), Long.toString(millis), nonce,
                Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
    }

    /** Throws BAD_SIGNATURE unless {@code key} signed this header for exactly this request. */
    public void verify(VerifyingKey key, String method, String path, byte[] body) throws ProtocolException {
        key.verify(SignaturePurpose.OPERATOR_REQUEST, signedBytes(operatorId, audience, method, path, millis, nonce, body),
                signature);
    }

    /**
     * What is signed, one item a line: the version (a signature for one format never holds for
     * another), the operator id (two ids configured with one key cannot lend each other requests),
     * the node addressed, the method, path, time, nonce and the hex SHA-256 of the exact body.
     */
    static byte[] signedBytes(String operatorId, OperatorAudience audience, String method, String path, long millis,
                              String nonce, byte[] body) {
        return String.join("\n", VERSION, operatorId, audience.domain(), audience.nodeId(), method, path,
                        Long.toString(millis), nonce, HexFormat.of().formatHex(Hashes.sha256(body)))
                .getBytes(StandardCharsets.UTF_8);
    }
}
