package dev.writ.protocol.identity;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.AgentCertificateRequest;
import java.time.Instant;
import java.util.List;

/**
 * The two ways an agent asks for a certificate ({@code POST /v1/agents/certificates}), and the check
 * of the second. An <em>enrolment</em> is a CSR of the key the agent's domain admin committed on
 * chain at registration; the node compares the key. A <em>renewal</em> carries the agent's current
 * chain and that certificate key's signature (purpose CERTIFICATE_RENEWAL) over the CSR's DER: only
 * the holder of a valid certificate for the agent can renew it, and always for that same agent.
 *
 * <p>A renewal seen by someone else is worth nothing to them: sent again, it certifies the CSR's key,
 * which only the agent holds.
 */
public final class CertificateRequests {
    private CertificateRequests() {
    }

    /** The first certificate: {@code csrPem} must be a CSR of the agent's committed enrolment key. */
    public static AgentCertificateRequest enrolment(String csrPem) {
        return AgentCertificateRequest.newBuilder().setCsr(csrPem).build();
    }

    /** The next certificate, proven by the current one: {@code currentKey} and {@code currentChain} (DER, leaf first). */
    public static AgentCertificateRequest renewal(String csrPem, SigningKey currentKey, List<byte[]> currentChain)
            throws ProtocolException {
        byte[] der = Pem.decodeOne(csrPem, Pem.CERTIFICATE_REQUEST, AgentCsr.MAX_PEM_CHARS);
        AgentCertificateRequest.Builder request = AgentCertificateRequest.newBuilder().setCsr(csrPem)
                .setRenewalSignature(ByteString.copyFrom(currentKey.sign(SignaturePurpose.CERTIFICATE_RENEWAL, der)));
        currentChain.forEach(c -> request.addCurrentCertificates(ByteString.copyFrom(c)));
        return request.build();
    }

    /** Whether {@code request} claims to be a renewal (it carries a current chain or a renewal signature). */
    public static boolean isRenewal(AgentCertificateRequest request) {
        return request.getCurrentCertificatesCount() > 0 || !request.getRenewalSignature().isEmpty();
    }

    /**
     * The node side of a renewal: the current chain holds now (root, validity, key usage, revocations
     * through {@code revocations}), certifies the agent {@code csr} names, and its key signed
     * {@code csrDer}. Returns what the current certificate proved; throws CERT_* faults otherwise.
     */
    public static VerifiedAgent verifyRenewal(AgentCertificateRequest request, byte[] csrDer, AgentCsr.Request csr,
                                              AgentChainVerifier verifier, Instant now, RevocationCheck revocations)
            throws ProtocolException {
        if (request.getCurrentCertificatesCount() == 0 || request.getRenewalSignature().isEmpty()) {
            throw new ProtocolException(Fault.CERT_MALFORMED,
                    "a renewal carries both the current certificate chain and the renewal signature");
        }
        List<byte[]> chain = request.getCurrentCertificatesList().stream().map(ByteString::toByteArray).toList();
        VerifiedAgent current = verifier.verify(chain, now, revocations);
        if (!current.agent().equals(csr.agent())) {
            throw new ProtocolException(Fault.CERT_AGENT_MISMATCH, "the current certificate is for " + current.agent()
                    + ", the CSR asks for " + csr.agent() + ": a renewal keeps the agent");
        }
        current.requireSigned(SignaturePurpose.CERTIFICATE_RENEWAL, csrDer, request.getRenewalSignature().toByteArray());
        return current;
    }
}
