package dev.writ.node.identity;

import dev.writ.node.config.NodeSettings;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.VerifyingKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the Writ-Operator header of an admin request against the configured operators
 * (writ.identity.operators): a known id, a signed time within the skew, and an Ed25519 signature
 * over the method, path, time and exact body. Agents hold certificate keys, never operator keys,
 * so they cannot call admin endpoints once credentials are required.
 */
public final class OperatorAuthentication {
    private final NodeSettings.OperatorCredentials mode;
    private final Map<String, VerifyingKey> operators;
    private final Duration skew;

    public OperatorAuthentication(NodeSettings.Identity settings) {
        this.mode = settings.operatorCredentials();
        this.skew = settings.operatorClockSkew();
        Map<String, VerifyingKey> keys = new HashMap<>();
        for (NodeSettings.Operator o : settings.operators()) {
            try {
                keys.put(o.id(), KeyEncoding.verifyingKeyFromPem(o.publicKeyPem()));
            } catch (ProtocolException e) {
                throw new IllegalArgumentException("writ.identity.operators: the key of " + o.id() + " is unreadable: "
                        + e.detail());
            }
        }
        this.operators = Map.copyOf(keys);
    }

    /** The operator's id when the header holds, empty for no header in optional mode; otherwise a Refusal. */
    public Optional<String> require(Optional<String> header, String method, String path, byte[] body, Instant now)
            throws Refusal {
        if (header.isEmpty()) {
            if (mode == NodeSettings.OperatorCredentials.REQUIRED) {
                throw new Refusal(RefusalCode.OPERATOR_REQUIRED, "", method + " " + path + " needs the "
                        + OperatorCredential.HEADER + " header of a configured operator");
            }
            return Optional.empty();
        }
        String[] parts = header.get().trim().split(" ");
        if (parts.length != 3) {
            throw invalid("the header is '<operator id> <unix millis> <signature>'");
        }
        VerifyingKey key = operators.get(parts[0]);
        if (key == null) {
            throw invalid("operator '" + parts[0] + "' is not configured on this node");
        }
        long millis;
        byte[] signature;
        try {
            millis = Long.parseLong(parts[1]);
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw invalid("the time or the signature is not readable");
        }
        if (Math.abs(now.toEpochMilli() - millis) > skew.toMillis()) {
            throw invalid("the request was signed at " + Instant.ofEpochMilli(millis) + ", more than " + skew + " from now");
        }
        try {
            key.verify(SignaturePurpose.OPERATOR_REQUEST, OperatorCredential.signedBytes(method, path, millis, body), signature);
        } catch (ProtocolException e) {
            throw invalid("the signature of operator " + parts[0] + " does not hold for this request");
        }
        return Optional.of(parts[0]);
    }

    private static Refusal invalid(String detail) {
        return new Refusal(RefusalCode.OPERATOR_INVALID, "", detail);
    }
}
