package dev.writ.node.identity;

import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.client.PepCredential;
import dev.writ.protocol.client.PepGuard;
import dev.writ.protocol.client.PepRefusal;
import dev.writ.protocol.client.VerifiedReceipt;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.PepId;
import dev.writ.protocol.identity.PepSigning;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RefusalRecord;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.WritStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.writ.node.identity.AuthenticatedProposalTest.action;
import static dev.writ.node.identity.AuthenticatedProposalTest.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real node with PEP credentials required (the default, docs/trust-model.md "PEP"): a writ is
 * redeemed, and its outcome reported, only by a PEP certified by the domain's CA that names itself
 * as its certificate does. Whoever else holds the writ (a request without a credential, another
 * CA's PEP, an agent's certificate, a request changed after signing, a revoked PEP) is refused with
 * a typed code and a REFUSAL record, and the writ stays redeemable by its PEP. And nobody but the
 * operator reads a writ's lifecycle or bundle, a bundle only once the writ is used.
 */
class PepAuthenticationTest {
    private static final byte[] MODEL = Hashes.sha256("model-v1".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, String> RICH = Map.of("account.balance", "100000");
    private static final SigningKey OPERATOR = SigningKey.generate();

    @TempDir
    static Path dir;
    static TestNode node;
    static CertificateAuthority ca;
    static WritClient operator;
    static AgentCredential agent;
    static WritClient agentClient;

    @BeforeAll
    static void start() throws Exception {
        ca = CaDirectory.at(dir.resolve("ca")).init("acme", Instant.now().minusSeconds(60), Duration.ofDays(3650),
                Duration.ofDays(365));
        node = TestNode.start(dir.resolve("node"), Map.of("writ.identity.ca-dir", dir.resolve("ca").toString(),
                "writ.identity.pep-credentials", "required",
                "writ.identity.operator-credentials", "required",
                "writ.identity.operators", List.of(Map.of("id", "ops",
                        "public-key-pem", KeyEncoding.toPem(OPERATOR.verifyingKey())))));
        operator = WritClient.builder(node.uri()).operatorCredential(new OperatorCredential("ops", OPERATOR)).build();
        Instant deadline = Instant.now().plusSeconds(30);
        while (!healthy()) {
            assertThat(Instant.now()).as("node HEALTHY in time").isBefore(deadline);
            Thread.sleep(50);
        }
        SigningKey key = SigningKey.generate();
        X509CertificateHolder leaf = ca.issueAgent(AgentCsr.verify(AgentCsr.create(key, new SpiffeId("acme", "payments-pep"),
                MODEL)), Instant.now().minusSeconds(60), Duration.ofHours(1));
        agent = new AgentCredential(key, ca.presentedChain(leaf));
        agentClient = WritClient.builder(node.uri()).agentCredential(agent).build();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static boolean healthy() {
        try {
            return operator.health().getStatus().equals("HEALTHY");
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aStolenWritIsRefusedWithoutAPepCredentialAndItsPepRedeemsIt() throws Exception {
        ProposalResponse allowed = allowed("40");
        WritClient thief = WritClient.create(node.uri());
        assertRefused(() -> thief.redeem(redemption(allowed, "40", "spiffe://acme/pep/till-1")),
                "spiffe://acme/pep/till-1", "PEP_REQUIRED");
        assertRefused(() -> thief.redeem(redemption(allowed, "40", "till-1")), "till-1", "PEP_REQUIRED");
        assertUnspent(allowed.getJti());

        VerifiedReceipt receipt = redeemAsAgentMeant(pep("till-1"), allowed, "40");
        assertThat(receipt.receipt().getPepId()).isEqualTo("spiffe://acme/pep/till-1");
    }

    @Test
    void aPepNamingAnotherPepIsAMismatch() throws Exception {
        ProposalResponse allowed = allowed("41");
        PepCredential mallory = pep("mallory");
        RedemptionRequest signedAsOther = PepSigning.sign(redemption(allowed, "41", "spiffe://acme/pep/till-1"),
                mallory.key(), mallory.chain());
        assertRefused(() -> WritClient.create(node.uri()).redeem(signedAsOther),
                "spiffe://acme/pep/till-1", "PEP_MISMATCH");
        assertUnspent(allowed.getJti());
    }

    @Test
    void anAgentCertificateIsNotAPepCertificate() throws Exception {
        ProposalResponse allowed = allowed("42");
        String asAgent = "spiffe://acme/agent/payments-pep";
        RedemptionRequest signedByAgent = PepSigning.sign(redemption(allowed, "42", asAgent), agent.key(), agent.chain());
        assertRefused(() -> WritClient.create(node.uri()).redeem(signedByAgent), asAgent,
                "CERT_WRONG_KEY_USAGE");
        assertUnspent(allowed.getJti());
    }

    @Test
    void aPepOfAnotherCaIsRefused() throws Exception {
        ProposalResponse allowed = allowed("43");
        CertificateAuthority foreign = CertificateAuthority.createRoot("acme", SigningKey.generate(),
                Instant.now().minusSeconds(60), Duration.ofDays(10)).createIntermediate(SigningKey.generate(),
                Instant.now().minusSeconds(60), Duration.ofDays(5));
        SigningKey key = SigningKey.generate();
        PepCredential forged = PepCredential.of(key, foreign.presentedChain(foreign.issuePep(new PepId("acme", "till-1"),
                key.verifyingKey(), Instant.now().minusSeconds(60), Duration.ofHours(1))));
        WritClient client = WritClient.builder(node.uri()).pepCredential(forged).build();
        assertRefused(() -> client.redeem(redemption(allowed, "43", "")), "spiffe://acme/pep/till-1",
                "CERT_WRONG_CA");
        assertUnspent(allowed.getJti());
    }

    @Test
    void aRequestChangedAfterSigningIsAKeyMismatch() throws Exception {
        ProposalResponse allowed = allowed("44");
        PepCredential till = pep("till-2");
        RedemptionRequest signed = till.sign(redemption(allowed, "44", ""));
        RedemptionRequest tampered = signed.toBuilder().putObserved("account.balance", "999999999").build();
        assertRefused(() -> WritClient.create(node.uri()).redeem(tampered), "spiffe://acme/pep/till-2",
                "CERT_KEY_MISMATCH");
        assertUnspent(allowed.getJti());
    }

    @Test
    void aRevokedPepKeyIsRefused() throws Exception {
        ProposalResponse allowed = allowed("45");
        PepCredential till = pep("till-revoked");
        operator.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.KEY)
                .setSubject(till.key().verifyingKey().id().toString()).setReason("PEP decommissioned").setIssuer("ops")
                .build());
        WritClient client = WritClient.builder(node.uri()).pepCredential(till).build();
        assertRefused(() -> client.redeem(redemption(allowed, "45", "")),
                "spiffe://acme/pep/till-revoked", "CERT_REVOKED");
        assertUnspent(allowed.getJti());
    }

    @Test
    void onlyTheRedeemingPepReportsTheOutcome() throws Exception {
        ProposalResponse allowed = allowed("46");
        PepCredential tillCredential = pep("till-3");
        PepGuard till = guard(tillCredential);
        VerifiedReceipt receipt = redeemAsAgentMeant(tillCredential, allowed, "46");
        OutcomeRequest claimed = OutcomeRequest.newBuilder().setJti(allowed.getJti())
                .setStatus(OutcomeRecord.Status.FAILED).setPepId("spiffe://acme/pep/till-3").build();
        assertRefused(() -> WritClient.create(node.uri()).reportOutcome(claimed), allowed.getJti(),
                "PEP_REQUIRED");
        WritClient other = WritClient.builder(node.uri()).pepCredential(pep("till-4")).build();
        assertRefused(() -> other.reportOutcome(claimed), allowed.getJti(), "PEP_MISMATCH");

        till.reportOutcome(receipt, OutcomeRecord.Status.SUCCEEDED, "done", null);
        WritStatus status = operator.writStatus(allowed.getJti());
        assertThat(status.getEvidenceList()).filteredOn(EvidenceKind.OUTCOME::equals).hasSize(1);
    }

    @Test
    void writsAndBundlesAreReadOnlyByTheOperatorAndABundleOnlyOnceTheWritIsUsed() throws Exception {
        ProposalResponse allowed = allowed("47");
        WritClient anyone = WritClient.create(node.uri());
        assertThatThrownBy(() -> anyone.bundle(allowed.getJti())).as("the bundle of an unused writ holds the writ")
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("OPERATOR_REQUIRED"));
        assertThatThrownBy(() -> anyone.writStatus(allowed.getJti()))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("OPERATOR_REQUIRED"));
        assertThatThrownBy(() -> operator.bundle(allowed.getJti())).as("not even the operator reads an unused writ's bundle")
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("BUNDLE_NOT_FINAL"));
        assertThat(operator.writStatus(allowed.getJti()).getState()).isEqualTo(WritStatus.State.ISSUED);

        redeemAsAgentMeant(pep("till-5"), allowed, "47");
        assertThat(operator.bundle(allowed.getJti()).getWrit()).isEqualTo(allowed.getWrit());
        assertThatThrownBy(() -> anyone.bundle(allowed.getJti()))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("OPERATOR_REQUIRED"));
    }

    private static ProposalResponse allowed(String amount) throws Exception {
        ProposalResponse allowed = agentClient.propose(transfer(new SpiffeId("acme", "payments-pep"), amount));
        assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
        return allowed;
    }

    private static RedemptionRequest redemption(ProposalResponse allowed, String amount, String pepId) {
        return RedemptionRequest.newBuilder().setWrit(allowed.getWrit()).setMutation(action(amount)).putAllObserved(RICH)
                .setPepId(pepId).build();
    }

    private static PepCredential pep(String name) throws Exception {
        SigningKey key = SigningKey.generate();
        return PepCredential.of(key, ca.presentedChain(ca.issuePep(new PepId("acme", name), key.verifyingKey(),
                Instant.now().minusSeconds(60), Duration.ofHours(1))));
    }

    /** The agent hands its writ with its possession proof (D61) to the PEP it means, which redeems it. */
    private static VerifiedReceipt redeemAsAgentMeant(PepCredential pep, ProposalResponse allowed, String amount)
            throws Exception {
        return guard(pep).redeem(allowed.getWrit(), agent.prove(allowed, action(amount), pep.pepId().uri(), Instant.now()),
                action(amount), RICH);
    }

    private static PepGuard guard(PepCredential pep) throws Exception {
        WritClient client = WritClient.builder(node.uri()).pepCredential(pep).build();
        return new PepGuard(client, client.keys("acme"), Duration.ofSeconds(2), Clock.systemUTC());
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /**
     * Refused with {@code code} and recorded as a REFUSAL filed under {@code story}: a refused
     * redemption's subject is the pep_id it names, a refused outcome report's the jti.
     */
    private static void assertRefused(Call call, String story, String code) throws Exception {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo(code));
        assertThat(node.node.store().story("acme", story)).filteredOn(r -> r.kind() == EvidenceKind.REFUSAL)
                .extracting(r -> RefusalRecord.parseFrom(r.payload()).getCode()).contains(code);
    }

    private static void assertUnspent(String jti) throws Exception {
        assertThat(operator.writStatus(jti).getState()).as("the refused request did not spend the writ")
                .isEqualTo(WritStatus.State.ISSUED);
    }
}
