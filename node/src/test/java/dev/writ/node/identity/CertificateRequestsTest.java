package dev.writ.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentChainVerifier;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.RevocationCheck;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.identity.VerifiedAgent;
import dev.writ.protocol.wire.AgentCertificateRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The renewal proof (D42) without a node: only the current certificate's key, for its own agent, renews. */
class CertificateRequestsTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final RevocationCheck NOTHING_REVOKED = (serial, agent, key) -> Optional.empty();
    private static final SpiffeId BOT = new SpiffeId("acme", "billing-bot");
    private static final byte[] MODEL = Hashes.sha256("model-v7".getBytes(StandardCharsets.UTF_8));

    private final CertificateAuthority root;
    private final CertificateAuthority intermediate;
    private final SigningKey current = SigningKey.generate();
    private final List<byte[]> chain;
    private final String csr;

    CertificateRequestsTest() throws ProtocolException {
        root = CertificateAuthority.createRoot("acme", SigningKey.generate(), NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650));
        intermediate = root.createIntermediate(SigningKey.generate(), NOW.minus(Duration.ofDays(1)), Duration.ofDays(365));
        chain = intermediate.presentedChain(intermediate.issueAgent(
                new AgentCsr.Request(BOT, current.verifyingKey(), MODEL), NOW, Duration.ofHours(24)));
        csr = AgentCsr.createPem(SigningKey.generate(), BOT, MODEL);
    }

    @Test
    void anEnrolmentCarriesOnlyTheCsrAndARenewalItsProof() throws Exception {
        assertThat(CertificateRequests.isRenewal(CertificateRequests.enrolment(csr))).isFalse();
        AgentCertificateRequest renewal = CertificateRequests.renewal(csr, current, chain);
        assertThat(CertificateRequests.isRenewal(renewal)).isTrue();
        assertThat(verify(renewal, NOTHING_REVOKED).agent()).isEqualTo(BOT);
    }

    @Test
    void aRenewalSignedByAnotherKeyOrForAnotherPurposeOrCsrIsAKeyMismatch() throws Exception {
        assertFault(Fault.CERT_KEY_MISMATCH, () -> verify(CertificateRequests.renewal(csr, SigningKey.generate(), chain),
                NOTHING_REVOKED));
        byte[] der = der(csr);
        assertFault(Fault.CERT_KEY_MISMATCH, () -> verify(CertificateRequests.renewal(csr, current, chain).toBuilder()
                .setRenewalSignature(ByteString.copyFrom(current.sign(SignaturePurpose.PROPOSAL, der))).build(), NOTHING_REVOKED));
        String otherCsr = AgentCsr.createPem(SigningKey.generate(), BOT, MODEL);
        AgentCertificateRequest forOther = CertificateRequests.renewal(otherCsr, current, chain);
        assertFault(Fault.CERT_KEY_MISMATCH, () -> verify(forOther.toBuilder().setCsr(csr).build(), NOTHING_REVOKED));
    }

    @Test
    void aRenewalKeepsTheAgent() throws Exception {
        String forAnother = AgentCsr.createPem(SigningKey.generate(), new SpiffeId("acme", "other-bot"), MODEL);
        AgentCertificateRequest request = CertificateRequests.renewal(forAnother, current, chain);
        assertFault(Fault.CERT_AGENT_MISMATCH, () -> CertificateRequests.verifyRenewal(request, der(forAnother),
                AgentCsr.verifyPem(forAnother), verifier(), NOW, NOTHING_REVOKED));
    }

    @Test
    void aRenewalWithoutItsChainOrSignatureOrWithARevokedOrExpiredCertificateIsRefused() throws Exception {
        AgentCertificateRequest renewal = CertificateRequests.renewal(csr, current, chain);
        assertFault(Fault.CERT_MALFORMED, () -> verify(renewal.toBuilder().clearCurrentCertificates().build(), NOTHING_REVOKED));
        assertFault(Fault.CERT_MALFORMED, () -> verify(renewal.toBuilder().clearRenewalSignature().build(), NOTHING_REVOKED));
        assertFault(Fault.CERT_REVOKED, () -> verify(renewal, (serial, agent, key) ->
                key.equals(current.verifyingKey().id()) ? Optional.of("key exposed") : Optional.empty()));
        assertFault(Fault.CERT_EXPIRED, () -> CertificateRequests.verifyRenewal(renewal, der(csr), AgentCsr.verifyPem(csr),
                verifier(), NOW.plus(Duration.ofHours(25)), NOTHING_REVOKED));
    }

    private VerifiedAgent verify(AgentCertificateRequest request, RevocationCheck revocations)
            throws ProtocolException {
        return CertificateRequests.verifyRenewal(request, der(request.getCsr()), AgentCsr.verifyPem(request.getCsr()),
                verifier(), NOW, revocations);
    }

    private AgentChainVerifier verifier() throws ProtocolException {
        return AgentChainVerifier.forRoot(CertificateAuthority.encoded(root.certificate()));
    }

    private static byte[] der(String csrPem) throws ProtocolException {
        return Pem.decodeOne(csrPem, Pem.CERTIFICATE_REQUEST, AgentCsr.MAX_PEM_CHARS);
    }

    private static void assertFault(Fault fault, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.fault()).isEqualTo(fault));
    }
}
