package dev.writ.node.identity;

import dev.writ.node.config.NodeSettings;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.OperatorAudience;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.client.OperatorHeader;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.VerifyingKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the Writ-Operator header ({@link OperatorHeader}) of an admin request against the
 * configured operators (writ.identity.operators): a known id, addressed to this very node (its
 * domain and id), a signed time within the skew, an Ed25519 signature over all of it, the method,
 * path, nonce and exact body, and a nonce this node has not served ({@link OperatorNonces}). So a
 * captured request is served once, by the node it was signed for. Agents hold certificate keys,
 * never operator keys, so they cannot call admin endpoints once credentials are required.
 */
public final class OperatorAuthentication {
    private final NodeSettings.OperatorCredentials mode;
    private final Map<String, VerifyingKey> operators;
    private final Duration skew;
    private final OperatorAudience self;
    private final OperatorNonces nonces;

    /**
     * @param self      this node, as requests must name it
     * @param startedAt when this node started, by its clock: it holds no nonce of requests signed before
     */
    public OperatorAuthentication(NodeSettings.Identity settings, OperatorAudience self, Instant startedAt) {
        this.mode = settings.operatorCredentials();
        this.skew = settings.operatorClockSkew();
        this.self = self;
        this.nonces = new OperatorNonces(skew, settings.operatorNonceCapacity(), startedAt);
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
        OperatorHeader presented;
        try {
            presented = OperatorHeader.parse(header.get());
        } catch (ProtocolException e) {
            throw invalid(e.detail());
        }
        String id = presented.operatorId();
        VerifyingKey key = operators.get(id);
        if (key == null) {
            throw invalid("operator '" + id + "' is not configured on this node");
        }
        if (!presented.audience().domain().equals(self.domain())) {
            throw invalid("the request was signed for domain " + presented.audience().domain() + "; this node is of"
                    + " domain " + self.domain());
        }
        if (!presented.audience().nodeId().equals(self.nodeId())) {
            throw invalid("the request was signed for node " + presented.audience().nodeId() + "; this is node "
                    + self.nodeId() + " (sign for the node you send to: nodeId in its GET /v1/health)");
        }
        if (Math.abs(now.toEpochMilli() - presented.millis()) > skew.toMillis()) {
            throw invalid("the request was signed at " + Instant.ofEpochMilli(presented.millis()) + ", more than "
                    + skew + " from now");
        }
        try {
            presented.verify(key, method, path, body);
        } catch (ProtocolException e) {
            throw invalid("the signature of operator " + id + " does not hold for this request");
        }
        nonces.admit(id, presented.nonce(), presented.millis(), now.toEpochMilli());
        return Optional.of(id);
    }

    private static Refusal invalid(String detail) {
        return new Refusal(RefusalCode.OPERATOR_INVALID, "", detail);
    }
}
