package dev.writ.node.identity;

import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentChainVerifier;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.RevocationCheck;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.identity.VerifiedAgent;
import dev.writ.protocol.identity.X509Signing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentChainVerifierTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    private static final RevocationCheck NOTHING_REVOKED = (serial, agent, key) -> Optional.empty();
    private static final SpiffeId BOT = new SpiffeId("acme", "billing-bot");
    private static final byte[] MODEL = Hashes.sha256("model-v7".getBytes(StandardCharsets.UTF_8));

    private final CertificateAuthority root = root("acme");
    private final CertificateAuthority intermediate = intermediate(root);
    private final SigningKey agentKey = SigningKey.generate();

    @Test
    void aFreshAgentCertificateVerifiesWithItsIdentityKeyAndModelHash() throws Exception {
        X509CertificateHolder leaf = issue(BOT, NOW, Duration.ofHours(24));
        VerifiedAgent agent = verifier().verify(intermediate.presentedChain(leaf), NOW.plusSeconds(60), NOTHING_REVOKED);
        assertThat(agent.agent()).isEqualTo(BOT);
        assertThat(agent.key()).isEqualTo(agentKey.verifyingKey());
        assertThat(agent.modelHash()).isEqualTo(MODEL);
        assertThat(agent.serial()).isEqualTo(leaf.getSerialNumber());
        assertThat(agent.notAfter()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(agent.thumbprint()).isEqualTo(Hashes.sha256(leaf.getEncoded()));
        byte[] message = "proposal".getBytes(StandardCharsets.UTF_8);
        agent.requireSigned(SignaturePurpose.PROPOSAL, message, agentKey.sign(SignaturePurpose.PROPOSAL, message));
    }

    @Test
    void aChainThatCarriesTheRootToo() throws Exception {
        X509CertificateHolder leaf = issue(BOT, NOW, Duration.ofHours(1));
        List<byte[]> chain = new ArrayList<>(intermediate.presentedChain(leaf));
        chain.add(CertificateAuthority.encoded(root.certificate()));
        assertThat(verifier().verify(chain, NOW, NOTHING_REVOKED).agent()).isEqualTo(BOT);
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        X509CertificateHolder leaf = issue(BOT, NOW, Duration.ofHours(24));
        assertFault(Fault.CERT_EXPIRED, () -> verifier().verify(intermediate.presentedChain(leaf),
                NOW.plus(Duration.ofHours(25)), NOTHING_REVOKED));
    }

    @Test
    void aCertificateNotYetValidIsRefused() throws Exception {
        X509CertificateHolder leaf = issue(BOT, NOW.plusSeconds(3600), Duration.ofHours(24));
        assertFault(Fault.CERT_NOT_YET_VALID, () -> verifier().verify(intermediate.presentedChain(leaf), NOW, NOTHING_REVOKED));
    }

    @Test
    void aChainFromAnotherRootOfTheSameDomainNameIsRefused() throws Exception {
        CertificateAuthority impostor = intermediate(root("acme"));
        X509CertificateHolder leaf = impostor.issueAgent(csr(BOT), NOW, Duration.ofHours(1));
        assertFault(Fault.CERT_WRONG_CA, () -> verifier().verify(impostor.presentedChain(leaf), NOW, NOTHING_REVOKED));
    }

    @Test
    void aCertificateIssuedByAnAgentCertificateIsRefused() throws Exception {
        X509CertificateHolder agentCert = issue(BOT, NOW, Duration.ofHours(1));
        CertificateAuthority fakeCa = new CertificateAuthority("acme", agentKey, List.of(agentCert, root.certificate()));
        X509CertificateHolder leaf = fakeCa.issueAgent(csr(new SpiffeId("acme", "other")), NOW, Duration.ofHours(1));
        assertFault(Fault.CERT_WRONG_CA, () -> verifier().verify(
                List.of(leaf.getEncoded(), agentCert.getEncoded(), intermediate.certificate().getEncoded()), NOW, NOTHING_REVOKED));
    }

    @Test
    void aSpiffeIdOfAnotherDomainIsRefusedAtIssuanceAndAtVerification() throws Exception {
        SpiffeId foreign = new SpiffeId("globex", "billing-bot");
        assertFault(Fault.CERT_WRONG_DOMAIN, () -> intermediate.issueAgent(csr(foreign), NOW, Duration.ofHours(1)));
        X509CertificateHolder leaf = craft(foreign, new KeyUsage(KeyUsage.digitalSignature), true);
        assertFault(Fault.CERT_WRONG_DOMAIN, () -> verifier().verify(intermediate.presentedChain(leaf), NOW, NOTHING_REVOKED));
    }

    @Test
    void aCertificateWithAnotherKeyUsageIsRefused() throws Exception {
        X509CertificateHolder signsCerts = craft(BOT, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign), true);
        assertFault(Fault.CERT_WRONG_KEY_USAGE, () -> verifier().verify(intermediate.presentedChain(signsCerts), NOW, NOTHING_REVOKED));
        X509CertificateHolder noProposalEku = craft(BOT, new KeyUsage(KeyUsage.digitalSignature), false);
        assertFault(Fault.CERT_WRONG_KEY_USAGE, () -> verifier().verify(intermediate.presentedChain(noProposalEku), NOW, NOTHING_REVOKED));
    }

    @Test
    void aRevokedCertificateIsRefusedBySerialAndByAgent() throws Exception {
        X509CertificateHolder leaf = issue(BOT, NOW, Duration.ofHours(1));
        assertFault(Fault.CERT_REVOKED, () -> verifier().verify(intermediate.presentedChain(leaf), NOW,
                (serial, agent, key) -> serial.equals(leaf.getSerialNumber()) ? Optional.of("key compromise") : Optional.empty()));
        assertFault(Fault.CERT_REVOKED, () -> verifier().verify(intermediate.presentedChain(leaf), NOW,
                (serial, agent, key) -> agent.equals(BOT) ? Optional.of("agent retired") : Optional.empty()));
    }

    @Test
    void aSignatureByAnotherKeyThanTheCertifiedOneIsAKeyMismatch() throws Exception {
        VerifiedAgent agent = verifier().verify(intermediate.presentedChain(issue(BOT, NOW, Duration.ofHours(1))), NOW,
                NOTHING_REVOKED);
        byte[] message = "proposal".getBytes(StandardCharsets.UTF_8);
        byte[] byAnother = SigningKey.generate().sign(SignaturePurpose.PROPOSAL, message);
        assertFault(Fault.CERT_KEY_MISMATCH, () -> agent.requireSigned(SignaturePurpose.PROPOSAL, message, byAnother));
        byte[] otherPurpose = agentKey.sign(SignaturePurpose.APPROVAL, message);
        assertFault(Fault.CERT_KEY_MISMATCH, () -> agent.requireSigned(SignaturePurpose.PROPOSAL, message, otherPurpose));
    }

    @Test
    void aCsrWhoseSignatureDoesNotHoldHasNoProofOfPossession() throws Exception {
        byte[] der = AgentCsr.create(agentKey, BOT, MODEL);
        der[der.length - 5] ^= 0x01; // inside the signature, the last field
        assertFault(Fault.CERT_KEY_MISMATCH, () -> AgentCsr.verify(der));
    }

    @Test
    void malformedDerAndPemAreRefused() throws Exception {
        assertFault(Fault.CERT_MALFORMED, () -> verifier().verify(List.of(new byte[] {0x30, 0x03, 0x02}), NOW, NOTHING_REVOKED));
        byte[] leaf = issue(BOT, NOW, Duration.ofHours(1)).getEncoded();
        byte[] trailing = java.util.Arrays.copyOf(leaf, leaf.length + 1);
        assertFault(Fault.CERT_MALFORMED, () -> verifier().verify(List.of(trailing), NOW, NOTHING_REVOKED));
        assertFault(Fault.CERT_MALFORMED, () -> Pem.decodeAll("-----BEGIN CERTIFICATE-----\n@@@\n-----END CERTIFICATE-----",
                Pem.CERTIFICATE, 10_000));
        assertFault(Fault.CERT_MALFORMED, () -> Pem.decodeAll(Pem.encode("PRIVATE KEY", leaf), Pem.CERTIFICATE, 10_000));
        assertFault(Fault.CERT_MALFORMED, () -> AgentCsr.verifyPem("not a csr"));
        assertFault(Fault.CERT_MALFORMED, () -> SpiffeId.parse("spiffe://acme/workload/x"));
    }

    @Test
    void oversizedChainsCertificatesAndPemAreRefusedBeforeParsing() throws Exception {
        X509CertificateHolder leaf = issue(BOT, NOW, Duration.ofHours(1));
        List<byte[]> four = new ArrayList<>(intermediate.presentedChain(leaf));
        four.add(intermediate.certificate().getEncoded());
        four.add(intermediate.certificate().getEncoded());
        assertFault(Fault.CERT_CHAIN_OVERSIZED, () -> verifier().verify(four, NOW, NOTHING_REVOKED));
        assertFault(Fault.CERT_CHAIN_OVERSIZED, () -> verifier().verify(List.of(new byte[5000]), NOW, NOTHING_REVOKED));
        assertFault(Fault.CERT_CHAIN_OVERSIZED, () -> AgentCsr.verifyPem("x".repeat(AgentCsr.MAX_PEM_CHARS + 1)));
    }

    @Test
    void aCertificateAndCsrRoundTripThroughPem() throws Exception {
        X509CertificateHolder leaf = issue(BOT, NOW, Duration.ofHours(1));
        String pem = Pem.encode(Pem.CERTIFICATE, leaf.getEncoded()) + Pem.encode(Pem.CERTIFICATE, intermediate.certificate().getEncoded());
        assertThat(verifier().verify(Pem.decodeAll(pem, Pem.CERTIFICATE, 10_000), NOW, NOTHING_REVOKED).agent()).isEqualTo(BOT);
        AgentCsr.Request request = AgentCsr.verifyPem(AgentCsr.createPem(agentKey, BOT, MODEL));
        assertThat(request.agent()).isEqualTo(BOT);
        assertThat(request.key()).isEqualTo(agentKey.verifyingKey());
        assertThat(request.modelHash()).isEqualTo(MODEL);
    }

    @Test
    void anAgentCertificateNeverOutlivesItsCa() throws Exception {
        X509CertificateHolder leaf = intermediate.issueAgent(csr(BOT), NOW, Duration.ofDays(10_000));
        assertThat(leaf.getNotAfter()).isEqualTo(intermediate.certificate().getNotAfter());
    }

    private AgentChainVerifier verifier() throws ProtocolException {
        return AgentChainVerifier.forRoot(CertificateAuthority.encoded(root.certificate()));
    }

    private AgentCsr.Request csr(SpiffeId agent) throws ProtocolException {
        return AgentCsr.verify(AgentCsr.create(agentKey, agent, MODEL));
    }

    private X509CertificateHolder issue(SpiffeId agent, Instant from, Duration validity) throws ProtocolException {
        return intermediate.issueAgent(csr(agent), from, validity);
    }

    /** A leaf the intermediate signed but that breaks the profile in the given way. */
    private X509CertificateHolder craft(SpiffeId agent, KeyUsage usage, boolean proposalEku) throws ProtocolException {
        List<Extension> extensions = new ArrayList<>();
        extensions.add(CertificateAuthority.extension(Extension.keyUsage, usage));
        extensions.add(CertificateAuthority.extension(Extension.extendedKeyUsage, new ExtendedKeyUsage(proposalEku
                ? KeyPurposeId.getInstance(dev.writ.protocol.identity.AgentCertificateProfile.PROPOSAL_SIGNING)
                : KeyPurposeId.id_kp_clientAuth)));
        extensions.add(IdentityExtensions.uriSan(agent.uri()));
        extensions.add(IdentityExtensions.modelHash(MODEL));
        return CertificateAuthority.build(intermediate.certificate().getSubject(), new X500Name("CN=" + agent.name()),
                X509Signing.publicKeyInfo(agentKey.verifyingKey()), NOW, NOW.plusSeconds(3600), intermediate.key(), extensions);
    }

    private static CertificateAuthority root(String domain) {
        try {
            return CertificateAuthority.createRoot(domain, SigningKey.generate(), NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650));
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private static CertificateAuthority intermediate(CertificateAuthority root) {
        try {
            return root.createIntermediate(SigningKey.generate(), NOW.minus(Duration.ofDays(1)), Duration.ofDays(365));
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertFault(Fault fault, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.fault()).isEqualTo(fault));
    }
}
