package dev.writ.protocol.identity;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.VerifyingKey;
import java.math.BigInteger;
import java.time.Instant;

/**
 * A PEP certificate chain that held ({@link AgentChainVerifier#verifyPep}): which enforcement point,
 * certified by this domain's CA, and the key it holds.
 */
public record VerifiedPep(PepId pep, BigInteger serial, VerifyingKey key, Instant notAfter) {

    /** Checks that the certified key made {@code signature}; otherwise CERT_KEY_MISMATCH. */
    public void requireSigned(SignaturePurpose purpose, byte[] message, byte[] signature) throws ProtocolException {
        X509Signing.requireCertifiedSignature(key, purpose, message, signature, pep + " (serial " + serial.toString(16) + ")");
    }
}
