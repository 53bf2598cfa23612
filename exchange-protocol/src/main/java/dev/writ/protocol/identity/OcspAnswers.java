package dev.writ.protocol.identity;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.VerifyingKey;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

/**
 * The relying party's side of a domain's OCSP responder (RFC 6960): build a request for one agent
 * certificate, and read an answer into "revoked because …", "good", or a fault. Fail closed: an
 * answer that is unsigned by the issuing CA, about another certificate, too old, or "unknown" is
 * not "good".
 */
public final class OcspAnswers {
    private static final DigestCalculatorProvider DIGESTS = new BcDigestCalculatorProvider();

    private OcspAnswers() {
    }

    /** The certificate id (SHA-1, as RFC 6960 and every responder expect) of {@code serial} under {@code issuer}. */
    public static CertificateID certificateId(X509CertificateHolder issuer, BigInteger serial) {
        try {
            return new CertificateID(DIGESTS.get(CertificateID.HASH_SHA1), issuer, serial);
        } catch (OCSPException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("SHA-1 certificate ids cannot be computed", e);
        }
    }

    /** A DER OCSP request for one certificate (no nonce: the answer's freshness is checked by time). */
    public static byte[] request(byte[] issuerDer, BigInteger serial) throws ProtocolException {
        try {
            return new OCSPReqBuilder().addRequest(certificateId(parse(issuerDer), serial)).build().getEncoded();
        } catch (OCSPException | java.io.IOException e) {
            throw new IllegalStateException("an OCSP request of ours cannot be built", e);
        }
    }

    /**
     * Reads a DER OCSP response about {@code serial} under {@code issuerDer}: empty when GOOD and
     * produced at most {@code maxAge} before {@code now}; the reason when REVOKED. Anything else
     * throws: CERT_MALFORMED (unreadable, not successful, not about this certificate, unknown),
     * CERT_WRONG_CA (not signed by the issuer), CERT_EXPIRED (answer older than maxAge).
     */
    public static Optional<String> revocationOf(byte[] responseDer, byte[] issuerDer, BigInteger serial, Instant now,
                                                Duration maxAge) throws ProtocolException {
        X509CertificateHolder issuer = parse(issuerDer);
        BasicOCSPResp basic;
        try {
            OCSPResp resp = new OCSPResp(responseDer);
            if (resp.getStatus() != OCSPResp.SUCCESSFUL || !(resp.getResponseObject() instanceof BasicOCSPResp b)) {
                throw new ProtocolException(Fault.CERT_MALFORMED, "the OCSP responder answered status " + resp.getStatus());
            }
            basic = b;
        } catch (java.io.IOException | OCSPException | RuntimeException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "not an OCSP response: " + e.getMessage());
        }
        if (!X509Signing.ED25519.equals(basic.getSignatureAlgorithmID())) {
            throw new ProtocolException(Fault.CERT_WRONG_CA, "the OCSP answer is not signed with Ed25519");
        }
        VerifyingKey issuerKey = X509Signing.keyOf(issuer.getSubjectPublicKeyInfo());
        try {
            issuerKey.verify(SignaturePurpose.X509, basic.getTBSResponseData(), basic.getSignature());
        } catch (ProtocolException e) {
            throw new ProtocolException(Fault.CERT_WRONG_CA, "the OCSP answer is not signed by the issuing CA "
                    + issuer.getSubject());
        }
        CertificateID wanted = certificateId(issuer, serial);
        for (SingleResp single : basic.getResponses()) {
            if (!single.getCertID().equals(wanted)) {
                continue;
            }
            Instant produced = single.getThisUpdate().toInstant();
            if (produced.plus(maxAge).isBefore(now)) {
                throw new ProtocolException(Fault.CERT_EXPIRED, "the OCSP answer of " + produced + " is older than " + maxAge);
            }
            CertificateStatus status = single.getCertStatus();
            if (status == CertificateStatus.GOOD) {
                return Optional.empty();
            }
            if (status instanceof RevokedStatus revoked) {
                return Optional.of("revoked per OCSP since " + revoked.getRevocationTime().toInstant());
            }
            throw new ProtocolException(Fault.CERT_MALFORMED, "the OCSP responder does not know certificate "
                    + serial.toString(16));
        }
        throw new ProtocolException(Fault.CERT_MALFORMED, "the OCSP answer is not about certificate " + serial.toString(16));
    }

    private static X509CertificateHolder parse(byte[] der) throws ProtocolException {
        return AgentChainVerifier.parse(der, AgentCertificateProfile.DEFAULT_MAX_CERTIFICATE_BYTES);
    }
}
