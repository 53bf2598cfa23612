package dev.writ.protocol.identity;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.VerifyingKey;
import java.math.BigInteger;
import java.time.Instant;

/**
 * An agent certificate chain that held: who the agent is, which key it holds, which model it runs.
 * Only {@link AgentChainVerifier} makes one.
 *
 * @param thumbprint SHA-256 of the leaf certificate's DER (as JOSE's {@code x5t#S256}), the value a
 *                   writ's {@code cnf} claim binds to
 */
public record VerifiedAgent(SpiffeId agent, BigInteger serial, VerifyingKey key, byte[] modelHash,
                            Instant notAfter, byte[] thumbprint) {

    /** Checks that the certified key made {@code signature}; otherwise CERT_KEY_MISMATCH. */
    public void requireSigned(SignaturePurpose purpose, byte[] message, byte[] signature) throws ProtocolException {
        X509Signing.requireCertifiedSignature(key, purpose, message, signature, agent + " (serial " + serial.toString(16) + ")");
    }
}
