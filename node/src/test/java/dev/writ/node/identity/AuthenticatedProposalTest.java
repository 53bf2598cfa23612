package dev.writ.node.identity;

import com.google.protobuf.ByteString;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.OperatorAudience;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.client.PepGuard;
import dev.writ.protocol.client.PepRefusal;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RefusalRecord;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real node (optional mode, the default) with a domain CA: signed proposals are verified in full
 * and every failure is refused with its own code and a REFUSAL record; unsigned ones are admitted as before.
 */
class AuthenticatedProposalTest {
    private static final byte[] MODEL = Hashes.sha256("model-v1".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, String> RICH = Map.of("account.balance", "100000");
    private static final SigningKey OPERATOR = SigningKey.generate();

    @TempDir
    static Path dir;
    static TestNode node;
    static CertificateAuthority ca;
    static WritClient plain;
    static PepGuard pep;

    @BeforeAll
    static void start() throws Exception {
        ca = CaDirectory.at(dir.resolve("ca")).init("acme", Instant.now().minusSeconds(60), Duration.ofDays(3650),
                Duration.ofDays(365));
        node = TestNode.start(dir.resolve("node"), Map.of("writ.identity.ca-dir", dir.resolve("ca").toString(),
                "writ.identity.operator-credentials", "required",
                "writ.identity.operators", java.util.List.of(Map.of("id", "ops",
                        "public-key-pem", dev.writ.protocol.crypto.KeyEncoding.toPem(OPERATOR.verifyingKey())))));
        plain = WritClient.builder(node.uri()).operatorCredential(new OperatorCredential("ops", OPERATOR)).build();
        Instant deadline = Instant.now().plusSeconds(30);
        while (!healthy()) {
            assertThat(Instant.now()).as("node HEALTHY in time").isBefore(deadline);
            Thread.sleep(50);
        }
        pep = new PepGuard(plain, plain.keys("acme"), "pep-1", Duration.ofSeconds(2), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static boolean healthy() {
        try {
            return plain.health().getStatus().equals("HEALTHY");
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void aSignedProposalIsAdmittedAndItsWritRedeems() throws Exception {
        Agent agent = agent("payments-signed", Instant.now(), Duration.ofHours(24));
        ProposalResponse allowed = agent.client().propose(transfer(agent.id(), "40"));
        assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(ExecutionContract.parseFrom(allowed.getContract()).getAgentKeyId())
                .isEqualTo(agent.key().id().toString());
        assertThat(pep.redeem(allowed.getWrit(), agent.credential().prove(allowed, action("40"), "pep-1", Instant.now()),
                action("40"), RICH).receipt().getJti()).isEqualTo(allowed.getJti());
    }

    @Test
    void anUnsignedProposalIsStillAdmittedInOptionalMode() throws Exception {
        ProposalResponse allowed = plain.propose(transfer(new SpiffeId("acme", "payments-unsigned"), "40"));
        assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(ExecutionContract.parseFrom(allowed.getContract()).getAgentKeyId()).isEmpty();
    }

    @Test
    void aCertificateOfAnotherAgentIsRefusedWithEvidence() throws Exception {
        Agent agent = agent("payments-a", Instant.now(), Duration.ofHours(1));
        ActionProposal proposal = transfer(new SpiffeId("acme", "payments-b"), "10");
        assertRefused(agent.client(), proposal, "CERT_AGENT_MISMATCH");
    }

    @Test
    void aProposalChangedAfterSigningIsAKeyMismatch() throws Exception {
        Agent agent = agent("payments-tamper", Instant.now(), Duration.ofHours(1));
        ActionProposal signed = agent.credential().sign(transfer(agent.id(), "10"));
        ActionProposal tampered = signed.toBuilder().setAction(action("4000")).build();
        assertRefused(plain, tampered, "CERT_KEY_MISMATCH");
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Agent agent = agent("payments-old", Instant.now().minus(Duration.ofHours(30)), Duration.ofHours(24));
        assertRefused(agent.client(), transfer(agent.id(), "10"), "CERT_EXPIRED");
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        CertificateAuthority foreign = CertificateAuthority.createRoot("acme", SigningKey.generate(),
                Instant.now().minusSeconds(60), Duration.ofDays(10)).createIntermediate(SigningKey.generate(),
                Instant.now().minusSeconds(60), Duration.ofDays(5));
        SigningKey key = SigningKey.generate();
        SpiffeId id = new SpiffeId("acme", "payments-foreign");
        X509CertificateHolder leaf = foreign.issueAgent(AgentCsr.verify(AgentCsr.create(key, id, MODEL)), Instant.now(),
                Duration.ofHours(1));
        WritClient client = WritClient.builder(node.uri())
                .agentCredential(new AgentCredential(key, foreign.presentedChain(leaf))).build();
        assertRefused(client, transfer(id, "10"), "CERT_WRONG_CA");
    }

    @Test
    void aModelOtherThanTheCertifiedOneIsRefused() throws Exception {
        Agent agent = agent("payments-model", Instant.now(), Duration.ofHours(1));
        ActionProposal proposal = transfer(agent.id(), "10").toBuilder()
                .setContext(ActionContext.newBuilder().setSessionId("s").setDataClassification("internal")
                        .setModelHash(ByteString.copyFrom(new byte[32]))).build();
        assertRefused(agent.client(), proposal, "CERT_MODEL_MISMATCH");
    }

    @Test
    void revokingTheCertificateKeyRefusesNewProposalsAndTheUnredeemedWrit() throws Exception {
        Agent agent = agent("payments-revoked", Instant.now(), Duration.ofHours(1));
        ProposalResponse before = agent.client().propose(transfer(agent.id(), "25"));
        assertThat(before.getDecision()).isEqualTo(Decision.ALLOW);
        plain.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.KEY)
                .setSubject(agent.key().id().toString()).setReason("key compromise").setIssuer("ops").build());
        assertRefused(agent.client(), transfer(agent.id(), "25"), "CERT_REVOKED");
        assertThatThrownBy(() -> pep.redeem(before.getWrit(), agent.credential().prove(before, action("25"), "pep-1",
                Instant.now()), action("25"), RICH))
                .isInstanceOfSatisfying(PepRefusal.class, r -> assertThat(r.code()).isEqualTo("REVOKED"));
    }

    @Test
    void revokingTheAgentRefusesItsSignedProposals() throws Exception {
        Agent agent = agent("payments-retired", Instant.now(), Duration.ofHours(1));
        plain.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.AGENT)
                .setSubject(agent.id().uri()).setReason("retired").setIssuer("ops").build());
        assertRefused(agent.client(), transfer(agent.id(), "25"), "CERT_REVOKED");
    }

    @Test
    void ocspAnswersMalformedRequestsAndDoesNotVouchForCertificatesItDidNotIssue() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var garbage = http.send(java.net.http.HttpRequest.newBuilder(node.uri().resolve("/v1/ocsp"))
                .header("Content-Type", "application/ocsp-request")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(new org.bouncycastle.cert.ocsp.OCSPResp(garbage.body()).getStatus())
                .isEqualTo(org.bouncycastle.cert.ocsp.OCSPRespBuilder.MALFORMED_REQUEST);
        // Issued offline from the CA directory: the node has no CERTIFICATE record of it, so it is not "good".
        Agent offline = agent("payments-offline", Instant.now(), Duration.ofHours(1));
        byte[] intermediate = offline.credential().chain().get(1);
        java.math.BigInteger serial = new X509CertificateHolder(offline.credential().chain().get(0)).getSerialNumber();
        var answer = http.send(java.net.http.HttpRequest.newBuilder(node.uri().resolve("/v1/ocsp"))
                .header("Content-Type", "application/ocsp-request")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                        dev.writ.protocol.identity.OcspAnswers.request(intermediate, serial))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThatThrownBy(() -> dev.writ.protocol.identity.OcspAnswers.revocationOf(answer.body(), intermediate, serial,
                Instant.now(), Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(dev.writ.protocol.ProtocolException.class,
                        e -> assertThat(e.detail()).contains("does not know"));
    }

    @Test
    void revocationsNeedAnOperatorCredentialThatAgentsDoNotHave() throws Exception {
        Agent agent = agent("payments-admin", Instant.now(), Duration.ofHours(1));
        RevocationRequest revoke = RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.AGENT)
                .setSubject("spiffe://acme/agent/payments-victim").setReason("x").setIssuer("ops").build();
        assertAdminRefused(WritClient.create(node.uri()), revoke, "OPERATOR_REQUIRED");
        assertAdminRefused(WritClient.builder(node.uri()).operatorCredential(new OperatorCredential("ops", agent.key()))
                .build(), revoke, "OPERATOR_INVALID");
        assertAdminRefused(WritClient.builder(node.uri()).operatorCredential(new OperatorCredential("mallory", OPERATOR))
                .build(), revoke, "OPERATOR_INVALID");
        assertAdminRefused(plain, revoke.toBuilder().setIssuer("someone-else").build(), "OPERATOR_INVALID");
        assertThat(node.node.store().story("acme", "refusals")).extracting(r -> r.kind())
                .contains(EvidenceKind.REFUSAL);
        assertThat(plain.revoke(revoke).getEntry().getIssuer()).isEqualTo("ops");
    }

    @Test
    void aCapturedOperatorRequestIsServedOnceAndItsReplayIsRefused() throws Exception {
        byte[] body = revocationBody();
        String header = new OperatorCredential("ops", OPERATOR).header(thisNode(), "POST", "/v1/revocations", body,
                System.currentTimeMillis());
        assertThat(postRevocation(header, body).statusCode()).isEqualTo(200);
        java.net.http.HttpResponse<String> replayed = postRevocation(header, body);
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(409);
        assertThat(replayed.body()).contains("OPERATOR_REPLAYED");
    }

    @Test
    void anOperatorRequestSignedForAnotherNodeOrDomainIsRefused() throws Exception {
        OperatorAudience here = thisNode();
        for (OperatorAudience elsewhere : java.util.List.of(new OperatorAudience(here.domain(), "another-node"),
                new OperatorAudience("globex", here.nodeId()))) {
            byte[] body = revocationBody();
            java.net.http.HttpResponse<String> refused = postRevocation(new OperatorCredential("ops", OPERATOR)
                    .header(elsewhere, "POST", "/v1/revocations", body, System.currentTimeMillis()), body);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("OPERATOR_INVALID", "signed for");
        }
    }

    @Test
    void theRetiredOperatorHeaderIsRefusedWithADetailThatSaysSo() throws Exception {
        java.net.http.HttpResponse<String> refused = postRevocation("ops " + System.currentTimeMillis() + " c2ln",
                revocationBody());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("OPERATOR_INVALID", "retired header");
    }

    private static OperatorAudience thisNode() throws Exception {
        var health = plain.health();
        return new OperatorAudience(health.getDomain(), health.getNodeId());
    }

    private static byte[] revocationBody() {
        return ("{\"kind\":\"WRIT\",\"subject\":\"jti-captured-" + UUID.randomUUID()
                + "\",\"reason\":\"leaked\",\"issuer\":\"ops\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static java.net.http.HttpResponse<String> postRevocation(String header, byte[] body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        node.uri().resolve("/v1/revocations")).header("Content-Type", "application/json")
                        .header(OperatorCredential.HEADER, header)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAdminRefused(WritClient client, RevocationRequest request, String code) {
        assertThatThrownBy(() -> client.revoke(request))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo(code));
    }

    private record Agent(SpiffeId id, SigningKey key, AgentCredential credential, WritClient client) {
    }

    private static Agent agent(String name, Instant from, Duration validity) throws Exception {
        SpiffeId id = new SpiffeId("acme", name);
        SigningKey key = SigningKey.generate();
        X509CertificateHolder leaf = ca.issueAgent(AgentCsr.verify(AgentCsr.create(key, id, MODEL)), from, validity);
        AgentCredential credential = new AgentCredential(key, ca.presentedChain(leaf));
        return new Agent(id, key, credential, WritClient.builder(node.uri()).agentCredential(credential).build());
    }

    private static void assertRefused(WritClient client, ActionProposal proposal, String code) {
        assertThatThrownBy(() -> client.propose(proposal))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo(code));
        var records = node.node.store().story("acme", proposal.getProposalId());
        assertThat(records).extracting(r -> r.kind()).containsExactly(EvidenceKind.REFUSAL);
        assertThat(records.get(0).payload()).satisfies(p ->
                assertThat(RefusalRecord.parseFrom(p).getCode()).isEqualTo(code));
    }

    static ActionProposal transfer(SpiffeId agent, String amount) {
        return transfer(agent, amount, MODEL);
    }

    static ActionProposal transfer(SpiffeId agent, String amount, byte[] model) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId(agent.uri())
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal")
                        .setModelHash(ByteString.copyFrom(model)))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    static Action action(String amount) {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                .putParameters("amount", amount).putParameters("currency", "EUR").setClassification("internal").build();
    }
}
