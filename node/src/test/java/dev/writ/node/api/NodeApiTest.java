package dev.writ.node.api;

import dev.writ.node.TestNode;
import dev.writ.protocol.Fault;
import dev.writ.protocol.bundle.BundleVerdict;
import dev.writ.protocol.bundle.BundleVerifier;
import dev.writ.protocol.bundle.Check;
import dev.writ.protocol.client.ApprovalSigner;
import dev.writ.protocol.client.PepGuard;
import dev.writ.protocol.client.PepRefusal;
import dev.writ.protocol.client.VerifiedReceipt;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.testing.Tampering;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.Reason;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.WritStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One real node (H2 file, real cluster of one, real HTTP) driven through the Java client and PEP helper. */
class NodeApiTest {
    @TempDir
    static Path dir;
    static TestNode node;
    static WritClient client;
    static PepGuard pep;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir, Map.of());
        client = WritClient.create(node.uri());
        await("the node is HEALTHY", () -> {
            try {
                return client.health().getStatus().equals("HEALTHY");
            } catch (Exception e) {
                return false;
            }
        });
        KeyRing keys = client.keys("acme");
        pep = new PepGuard(client, keys, "pep-1", Duration.ofSeconds(2), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static ActionProposal transfer(String agent, String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/" + agent)
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    static Action action(String amount) {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                .putParameters("amount", amount).putParameters("currency", "EUR").setClassification("internal").build();
    }

    static final Map<String, String> RICH = Map.of("account.balance", "100000");

    @Test
    void anAllowedWritIsRedeemedOnceAndTheReplayIsRefused() throws Exception {
        ProposalResponse allowed = client.propose(transfer("payments-once", "120"));
        assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(allowed.getReasonsList()).extracting(Reason::getCode).containsExactly("WITHIN_POLICY");

        VerifiedReceipt receipt = pep.redeem(allowed.getWrit(), action("120"), RICH);
        assertThat(receipt.receipt().getJti()).isEqualTo(allowed.getJti());

        assertThatThrownBy(() -> pep.redeem(allowed.getWrit(), action("120"), RICH))
                .isInstanceOfSatisfying(PepRefusal.class, r -> assertThat(r.code()).isEqualTo("REPLAYED"));
        WritStatus status = client.writStatus(allowed.getJti());
        assertThat(status.getState()).isEqualTo(WritStatus.State.REDEEMED);
        assertThat(status.getOwnerNode()).as("the node that redeemed it, from its claim").isEqualTo("test-node");
        assertThat(status.getChangedAtMillis()).isEqualTo(receipt.receipt().getRedeemedAtMillis());
        assertThat(status.getEvidenceList()).filteredOn(EvidenceKind.REDEMPTION::equals).as("the replay left no record")
                .hasSize(1);
        assertThat(status.getEvidenceList()).contains(EvidenceKind.ISSUANCE, EvidenceKind.REDEMPTION);
    }

    @Test
    void aRetriedProposalGetsItsFirstAnswerWhateverItWasAndNothingIsRecordedAgain() throws Exception {
        ActionProposal denied = transfer("payments-retry", "5000").toBuilder()
                .setAction(action("5000").toBuilder().putParameters("currency", "XYZ")).build();
        ActionProposal escalated = transfer("payments-retry", "700");
        ActionProposal allowed = transfer("payments-retry", "20");
        for (ActionProposal proposal : java.util.List.of(denied, escalated, allowed)) {
            ProposalResponse first = client.propose(proposal);
            assertThat(client.propose(proposal)).as("the retry of a " + first.getDecision()).isEqualTo(first);
            assertThat(node.node.store().byKind("acme", "test-node", EvidenceKind.DECISION, 0, Long.MAX_VALUE))
                    .filteredOn(r -> r.subject().equals(proposal.getProposalId())).hasSize(1);
        }
    }

    @Test
    void theSameProposalIdWithOtherContentIsRefusedAsADuplicate() throws Exception {
        ActionProposal original = transfer("payments-dup", "20");
        assertThat(client.propose(original).getDecision()).isEqualTo(Decision.ALLOW);
        assertThatThrownBy(() -> client.propose(original.toBuilder().setAction(action("21")).build()))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> {
                    assertThat(r.code()).isEqualTo("DUPLICATE_PROPOSAL");
                    assertThat(r.status()).isEqualTo(409);
                });
        assertThat(node.node.store().story("acme", original.getProposalId())).extracting(r -> r.kind())
                .containsExactly(EvidenceKind.REFUSAL);
    }

    @Test
    void aDeniedProposalNamesEveryViolatedRule() throws Exception {
        ActionProposal proposal = transfer("payments-deny", "5000").toBuilder()
                .setAction(action("5000").toBuilder().putParameters("currency", "XYZ")).build();
        ProposalResponse denied = client.propose(proposal);
        assertThat(denied.getDecision()).isEqualTo(Decision.DENY);
        assertThat(denied.getReasonsList()).extracting(Reason::getCode)
                .contains("PARAMETER_ABOVE_MAXIMUM", "PARAMETER_NOT_ALLOWED");
        assertThat(denied.getWrit()).isEmpty();
        assertThat(denied.getPolicyEpoch().getVersion()).isEqualTo(1);
    }

    @Test
    void anEscalatedProposalBecomesAWritWhenAnApproverSigns() throws Exception {
        ProposalResponse escalated = client.propose(transfer("payments-big", "700"));
        assertThat(escalated.getDecision()).isEqualTo(Decision.ESCALATE);
        assertThat(escalated.getReasonsList()).extracting(Reason::getCode).containsExactly("APPROVAL_REQUIRED");

        ApprovalSigner mallory = new ApprovalSigner("mallory", dev.writ.protocol.crypto.SigningKey.generate(), Clock.systemUTC());
        assertThatThrownBy(() -> client.approve(escalated.getApprovalId(), mallory.approve(escalated)))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("UNKNOWN_APPROVER"));

        ApprovalSigner alice = new ApprovalSigner(TestNode.APPROVER, node.approverKey, Clock.systemUTC());
        ProposalResponse approved = client.approve(escalated.getApprovalId(), alice.approve(escalated));
        assertThat(approved.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(approved.getWrit()).isNotEmpty();
        ProposalResponse again = client.approve(escalated.getApprovalId(), alice.approve(escalated));
        assertThat(again.getJti()).as("a retried approval answers the same writ").isEqualTo(approved.getJti());

        pep.redeem(approved.getWrit(), action("700"), RICH);
        ProofBundle bundle = awaitAnchoredBundle(approved.getJti());
        BundleVerifier pinned = new BundleVerifier(java.util.Optional.of(pep_keys()));
        assertThat(pinned.verify(bundle).holds()).isTrue();
        // The node signed the story at export: the approval, or the redemption, cannot be left out unseen.
        assertThat(pinned.verify(Tampering.removeRecord(bundle, EvidenceKind.APPROVAL)).firstFault())
                .contains(Fault.STORY_TRIMMED);
        assertThat(pinned.verify(Tampering.removeRecord(bundle, EvidenceKind.REDEMPTION)).firstFault())
                .contains(Fault.STORY_TRIMMED);
    }

    @Test
    void aRedeemedWritsBundleVerifiesOfflineWithInclusionProofs() throws Exception {
        ProposalResponse allowed = client.propose(transfer("payments-bundle", "80"));
        VerifiedReceipt receipt = pep.redeem(allowed.getWrit(), action("80"), RICH);
        pep.reportOutcome(receipt, OutcomeRecord.Status.SUCCEEDED, "done", new byte[32]);
        assertThatThrownBy(() -> client.reportOutcome(OutcomeRequest.newBuilder().setJti(allowed.getJti())
                .setStatus(OutcomeRecord.Status.FAILED).setPepId("pep-1").build()))
                .isInstanceOfSatisfying(WritRefusedException.class,
                        r -> assertThat(r.code()).isEqualTo("OUTCOME_ALREADY_REPORTED"));

        BundleVerdict verdict = new BundleVerifier(java.util.Optional.of(pep_keys()))
                .verify(awaitAnchoredBundle(allowed.getJti()));
        assertThat(verdict.checks()).filteredOn(c -> c.status() == Check.Status.FAIL).isEmpty();
        assertThat(verdict.checks()).filteredOn(c -> c.name().equals("story.manifest"))
                .extracting(Check::status).containsExactly(Check.Status.PASS);
        assertThat(verdict.holds()).isTrue();
    }

    @Test
    void outcomesRacingForOneWritRecordOneOutcome() throws Exception {
        ProposalResponse allowed = client.propose(transfer("payments-race", "60"));
        VerifiedReceipt receipt = pep.redeem(allowed.getWrit(), action("60"), RICH);
        int racers = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                OutcomeRecord.Status status = i % 2 == 0 ? OutcomeRecord.Status.SUCCEEDED : OutcomeRecord.Status.FAILED;
                answers.add(pool.submit(() -> {
                    start.await();
                    try {
                        pep.reportOutcome(receipt, status, "racer", null);
                        return "RECORDED";
                    } catch (WritRefusedException r) {
                        return r.code();
                    }
                }));
            }
            start.countDown();
            java.util.List<String> codes = new java.util.ArrayList<>();
            for (var answer : answers) {
                codes.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(codes).filteredOn("RECORDED"::equals).as("one report wins: %s", codes).hasSize(1);
            assertThat(codes).filteredOn(c -> !c.equals("RECORDED")).containsOnly("OUTCOME_ALREADY_REPORTED");
        } finally {
            pool.shutdownNow();
        }
        assertThat(client.writStatus(allowed.getJti()).getEvidenceList()).filteredOn(EvidenceKind.OUTCOME::equals)
                .as("one OUTCOME record, decided by the database").hasSize(1);
    }

    @Test
    void aMutationOutsideTheContractIsRefusedByTheNodeToo() throws Exception {
        ProposalResponse allowed = client.propose(transfer("payments-scope", "50"));
        assertThatThrownBy(() -> client.redeem(RedemptionRequest.newBuilder().setWrit(allowed.getWrit())
                .setMutation(action("51")).putAllObserved(RICH).setPepId("pep-1").build()))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("SCOPE_MISMATCH"));
        // Refused, not spent: the right mutation still redeems.
        pep.redeem(allowed.getWrit(), action("50"), RICH);
    }

    @Test
    void liveStateThatDriftedIsRefused() throws Exception {
        ProposalResponse allowed = client.propose(transfer("payments-drift", "300"));
        assertThatThrownBy(() -> pep.redeem(allowed.getWrit(), action("300"), Map.of("account.balance", "299.99")))
                .isInstanceOfSatisfying(PepRefusal.class, r -> assertThat(r.code()).isEqualTo("DRIFT"));
        assertThatThrownBy(() -> pep.redeem(allowed.getWrit(), action("300"), Map.of()))
                .isInstanceOfSatisfying(PepRefusal.class, r -> assertThat(r.code()).isEqualTo("DRIFT"));
    }

    @Test
    void aRevokedWritAndARevokedAgentAreRefused() throws Exception {
        ProposalResponse allowed = client.propose(transfer("payments-revoked", "10"));
        var revoked = client.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                .setSubject(allowed.getJti()).setReason("suspicious").setIssuer("ops").build());
        assertThat(revoked.getNodesAcknowledged()).isEqualTo(revoked.getNodesTotal()).isEqualTo(1);
        assertThatThrownBy(() -> pep.redeem(allowed.getWrit(), action("10"), RICH))
                .isInstanceOfSatisfying(PepRefusal.class, r -> assertThat(r.code()).isEqualTo("REVOKED"));
        assertThat(client.writStatus(allowed.getJti()).getState()).isEqualTo(WritStatus.State.REVOKED);

        ProposalResponse before = client.propose(transfer("payments-rogue", "10"));
        client.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.AGENT)
                .setSubject("spiffe://acme/agent/payments-rogue").setReason("compromised").setIssuer("ops").build());
        assertThatThrownBy(() -> pep.redeem(before.getWrit(), action("10"), RICH))
                .isInstanceOfSatisfying(PepRefusal.class, r -> assertThat(r.code()).isEqualTo("REVOKED"));
        ProposalResponse after = client.propose(transfer("payments-rogue", "10"));
        assertThat(after.getDecision()).isEqualTo(Decision.DENY);
        assertThat(after.getReasonsList()).extracting(Reason::getCode).containsExactly("AGENT_REVOKED");
    }

    @Test
    void anUnredeemedWritExpiresWithAnExpiryRecordAndIsRefusedAfterwards() throws Exception {
        // 30 s is the shortest window policy grants; the sweeper runs every 500 ms with no grace here.
        ProposalResponse allowed = client.propose(transfer("payments-expiry", "20").toBuilder()
                .setRequestedWindowSeconds(30).build());
        assertThat(client.writStatus(allowed.getJti()).getState()).isEqualTo(WritStatus.State.ISSUED);
        Instant deadline = Instant.now().plusSeconds(60);
        WritStatus status = client.writStatus(allowed.getJti());
        while (status.getState() != WritStatus.State.EXPIRED || !status.getEvidenceList().contains(EvidenceKind.EXPIRY)) {
            assertThat(Instant.now()).as("expired with evidence within 60 s").isBefore(deadline);
            Thread.sleep(250);
            status = client.writStatus(allowed.getJti());
        }
        assertThatThrownBy(() -> client.redeem(RedemptionRequest.newBuilder().setWrit(allowed.getWrit())
                .setMutation(action("20")).putAllObserved(RICH).setPepId("pep-1").build()))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("WRIT_EXPIRED"));
    }

    @Test
    void badInputGetsAProblemWithAStableCodeAndAnEvidenceRecord() throws Exception {
        assertProblem(post("/v1/proposals", "{not json"), 400, "MALFORMED");
        assertProblem(post("/v1/proposals", "{\"proposalId\":\"x\",\"surprise\":1}"), 400, "UNKNOWN_FIELD");
        assertProblem(post("/v1/proposals", "{\"proposalId\":\"" + "a".repeat(70_000) + "\"}"), 413, "OVERSIZED");
        assertProblem(post("/v1/proposals", "{\"proposalId\":\"p1\",\"agentId\":\"spiffe://other/agent/x\","
                + "\"action\":{\"target\":\"t\",\"operation\":\"o\"}}"), 403, "FOREIGN_DOMAIN");
        assertProblem(post("/v1/redemptions", "{\"writ\":\"eyJhbGciOiJub25lIn0.e30.\",\"pepId\":\"p\"}"), 400, "WRIT_MALFORMED");
        assertProblem(post("/v1/proposals", "{\"proposalId\":\"p-unknown\",\"agentId\":\"spiffe://acme/agent/stranger\","
                + "\"action\":{\"target\":\"payments-api\",\"operation\":\"transfer\"},"
                + "\"proposedAtMillis\":\"" + System.currentTimeMillis() + "\"}"), 403, "UNKNOWN_AGENT");
        assertProblem(post("/v1/proposals", "{\"proposalId\":\"p-undated\",\"agentId\":\"spiffe://acme/agent/payments-bot\","
                + "\"action\":{\"target\":\"payments-api\",\"operation\":\"transfer\"}}"), 400, "PROPOSAL_STALE");
        assertProblem(send(HttpRequest.newBuilder(node.uri().resolve("/v1/proposals"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(send(HttpRequest.newBuilder(node.uri().resolve("/v1/nothing")).GET().build()), 404, "NOT_FOUND");
        String metrics = send(HttpRequest.newBuilder(node.uri().resolve("/metrics")).GET().build()).body();
        assertThat(metrics).contains("writ_refusals_total{code=\"MALFORMED\"}")
                .contains("writ_refusals_total{code=\"UNKNOWN_FIELD\"}");
        var refusals = node.node.store().story("acme", "refusals");
        assertThat(refusals).extracting(r -> r.kind()).containsOnly(EvidenceKind.REFUSAL);
        assertThat(refusals.size()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theNodeServesHealthMetricsAndItsOpenApiDocument() throws Exception {
        assertThat(client.health().getStatus()).isEqualTo("HEALTHY");
        assertThat(client.health().getReasonsList()).extracting(r -> r.getCheck())
                .contains("journal", "evidence", "revocations", "policy", "cluster");
        assertThat(send(HttpRequest.newBuilder(node.uri().resolve("/v1/openapi.yaml")).GET().build()).body())
                .startsWith("openapi: 3.0.3").contains("/v1/redemptions");
    }

    private static KeyRing pep_keys() throws Exception {
        return client.keys("acme");
    }

    private static ProofBundle awaitAnchoredBundle(String jti) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            ProofBundle bundle = client.bundle(jti);
            if (bundle.getItemsList().stream().allMatch(i -> i.hasInclusion())) {
                return bundle;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the bundle of " + jti + " was not anchored within 20 s");
            }
            Thread.onSpinWait();
            Thread.sleep(50);
        }
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(node.uri().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

}
