package dev.writ.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.nimbusds.jose.util.Base64URL;
import dev.writ.protocol.client.FakeNode.Answer;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.OutcomeResponse;
import dev.writ.protocol.wire.PossessionProof;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RedemptionResponse;
import dev.writ.protocol.wire.SignedReceipt;
import dev.writ.protocol.writ.PossessionProofs;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritClaims;
import dev.writ.protocol.writ.WritFixtures;
import dev.writ.protocol.writ.WritIssuer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PepGuardTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String PEP = "pep-erp";
    private static final Action MUTATION = Action.newBuilder().setTarget("erp-api").setOperation("create_po")
            .putParameters("amount", "5000").putParameters("vendor", "vendor-y").setClassification("internal").build();

    private final SigningKey domainKey = SigningKey.generate();
    private final SigningKey partnerKey = SigningKey.generate();
    private final KeyRing trusted = KeyRing.of(List.of(
            new KeyRing.Entry(WritFixtures.DOMAIN, domainKey.verifyingKey()),
            new KeyRing.Entry("globex", partnerKey.verifyingKey())));
    private final Writ writ = new WritIssuer(domainKey).issue(WritFixtures.claims("jti-1", T0));

    private FakeNode node;
    private WritClient client;

    @BeforeEach
    void start() throws Exception {
        node = new FakeNode();
        client = WritClient.builder(node.uri()).timeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private PepGuard guardAt(Instant now) {
        return new PepGuard(client, trusted, PEP, Duration.ofSeconds(2), Clock.fixed(now, ZoneOffset.UTC));
    }

    private PepGuard guard() {
        return guardAt(T0.plusSeconds(10));
    }

    /** An honest node: redeems and signs a receipt for exactly what was asked, then {@code tweak}s it. */
    private void nodeAnswers(SigningKey signer, SignaturePurpose purpose, UnaryOperator<RedemptionReceipt.Builder> tweak) {
        node.on("POST", "/v1/redemptions", r -> {
            RedemptionRequest request = r.parse(RedemptionRequest.newBuilder()).build();
            RedemptionReceipt.Builder receipt = RedemptionReceipt.newBuilder()
                    .setDomain(WritFixtures.DOMAIN)
                    .setJti("jti-1")
                    .setWritHash(ByteString.copyFrom(Writ.hashOf(request.getWrit())))
                    .setContractHash(ByteString.copyFrom(new Base64URL(writ.claims().contractHash()).decode()))
                    .setMutationHash(ByteString.copyFrom(PepGuard.mutationHash(request.getMutation())))
                    .setPepId(request.getPepId())
                    .setNodeId("node-2")
                    .setRedeemedAtMillis(T0.plusSeconds(10).toEpochMilli());
            byte[] bytes = tweak.apply(receipt).build().toByteArray();
            return Answer.json(RedemptionResponse.newBuilder().setJti("jti-1").setReceipt(SignedReceipt.newBuilder()
                    .setReceipt(ByteString.copyFrom(bytes))
                    .setKeyId(ByteString.copyFrom(signer.id().bytes()))
                    .setSignature(ByteString.copyFrom(signer.sign(purpose, bytes)))).build());
        });
    }

    private void honestNode() {
        nodeAnswers(domainKey, SignaturePurpose.REDEMPTION_RECEIPT, UnaryOperator.identity());
    }

    private static void assertRefused(ThrowingCallable call, String code, PepRefusal.Stage stage) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PepRefusal.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.stage()).isEqualTo(stage);
        });
    }

    @Test
    void aWritRedeemedForExactlyItsActionAnswersTheVerifiedReceipt() throws Exception {
        honestNode();

        VerifiedReceipt redeemed = guard().redeem(writ.compact(), MUTATION, Map.of("account.balance", "9000"));

        assertThat(redeemed.jti()).isEqualTo("jti-1");
        assertThat(redeemed.writ().claims()).isEqualTo(writ.claims());
        assertThat(redeemed.receipt().getWritHash().toByteArray()).isEqualTo(writ.hash());
        assertThat(redeemed.receiptHash()).isEqualTo(Hashes.sha256(redeemed.signed().getReceipt().toByteArray()));
        RedemptionRequest sent = node.requests().get(0).parse(RedemptionRequest.newBuilder()).build();
        assertThat(sent.getWrit()).isEqualTo(writ.compact());
        assertThat(sent.getMutation()).isEqualTo(MUTATION);
        assertThat(sent.getPepId()).isEqualTo(PEP);
        assertThat(sent.getObservedMap()).containsExactly(Map.entry("account.balance", "9000"));
    }

    @Test
    void aWritNamingItsAgentsKeyIsRedeemedOnlyWithTheAgentsProofWhichGoesOnToTheNode() throws Exception {
        honestNode();
        SigningKey agent = SigningKey.generate();
        WritClaims c = writ.claims();
        Writ bound = new WritIssuer(domainKey).issue(new WritClaims(c.issuer(), c.subject(), c.action(), c.policy(),
                c.modelHash(), c.issuedAt(), c.notBefore(), c.expiresAt(), c.jti(), c.context(), c.domain(),
                c.contractHash(), c.revocationEpoch(), agent.id().toString()));

        assertRefused(() -> guard().redeem(bound.compact(), MUTATION, Map.of()), "POP_REQUIRED", PepRefusal.Stage.POSSESSION);
        PossessionProof byAnother = PossessionProofs.prove(SigningKey.generate(), bound.compact(), MUTATION, PEP,
                T0.plusSeconds(9));
        assertRefused(() -> guard().redeem(bound.compact(), byAnother, MUTATION, Map.of()), "POP_INVALID",
                PepRefusal.Stage.POSSESSION);
        assertThat(node.requests()).as("the node was not asked").isEmpty();

        PossessionProof proof = PossessionProofs.prove(agent, bound.compact(), MUTATION, PEP, T0.plusSeconds(9));
        guard().redeem(bound.compact(), proof, MUTATION, Map.of());
        RedemptionRequest sent = node.requests().get(0).parse(RedemptionRequest.newBuilder()).build();
        assertThat(sent.getPossession()).isEqualTo(proof);
    }

    @Test
    void parameterOrderDoesNotChangeTheMutationHash() {
        Action reversed = MUTATION.toBuilder().clearParameters()
                .putParameters("vendor", "vendor-y").putParameters("amount", "5000").build();

        assertThat(PepGuard.mutationHash(reversed)).isEqualTo(PepGuard.mutationHash(MUTATION));
        // With parameters inserted in key order, it is the hash of the plain protobuf bytes.
        assertThat(PepGuard.mutationHash(MUTATION)).isEqualTo(Hashes.sha256(MUTATION.toByteArray()));
    }

    @Test
    void aWritSignedByAnUnknownKeyIsRefusedOfflineWithoutCallingTheNode() {
        Writ forged = new WritIssuer(SigningKey.generate()).issue(WritFixtures.claims("jti-1", T0));

        assertRefused(() -> guard().redeem(forged.compact(), MUTATION, Map.of()), "UNKNOWN_KEY", PepRefusal.Stage.WRIT);
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void aWritWithAChangedClaimIsRefusedOfflineWithoutCallingTheNode() {
        String[] parts = writ.compact().split("\\.");
        String raised = Base64URL.encode(new Base64URL(parts[1]).decodeToString().replace("5000", "9000")).toString();
        String forged = parts[0] + "." + raised + "." + parts[2];
        Action raisedMutation = MUTATION.toBuilder().putParameters("amount", "9000").build();

        assertRefused(() -> guard().redeem(forged, raisedMutation, Map.of()), "BAD_SIGNATURE", PepRefusal.Stage.WRIT);
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void aWritClaimingOurDomainButSignedByAPartnersKeyIsRefusedOffline() {
        Writ foreign = new WritIssuer(partnerKey).issue(WritFixtures.claims("jti-1", T0));

        assertRefused(() -> guard().redeem(foreign.compact(), MUTATION, Map.of()), "KEY_MISMATCH", PepRefusal.Stage.WRIT);
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void anExpiredWritIsRefusedOfflineWithoutCallingTheNode() {
        assertRefused(() -> guardAt(T0.plusSeconds(120)).redeem(writ.compact(), MUTATION, Map.of()),
                "WRIT_EXPIRED", PepRefusal.Stage.WRIT);
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void garbageInsteadOfAWritIsRefusedOfflineAsMalformed() {
        assertRefused(() -> guard().redeem("not-a-writ", MUTATION, Map.of()), "MALFORMED", PepRefusal.Stage.WRIT);
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void aMutationWithAChangedAmountIsOutOfScopeAndNeverReachesTheNode() {
        Action raised = MUTATION.toBuilder().putParameters("amount", "5001").build();

        assertThatThrownBy(() -> guard().redeem(writ.compact(), raised, Map.of()))
                .isInstanceOfSatisfying(PepRefusal.class, e -> {
                    assertThat(e.code()).isEqualTo(PepRefusal.SCOPE_MISMATCH);
                    assertThat(e.stage()).isEqualTo(PepRefusal.Stage.SCOPE);
                    assertThat(e.reachedNode()).isFalse();
                    assertThat(e.detail()).contains("amount").doesNotContain("5001");
                });
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void aMutationWithAnExtraParameterIsOutOfScope() {
        Action extra = MUTATION.toBuilder().putParameters("ship_to", "attacker").build();

        assertRefused(() -> guard().redeem(writ.compact(), extra, Map.of()), "SCOPE_MISMATCH", PepRefusal.Stage.SCOPE);
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void aMutationMissingAParameterOfTheWritIsOutOfScope() {
        Action missing = MUTATION.toBuilder().removeParameters("vendor").build();

        assertRefused(() -> guard().redeem(writ.compact(), missing, Map.of()), "SCOPE_MISMATCH", PepRefusal.Stage.SCOPE);
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void aMutationOnAnotherTargetIsOutOfScope() {
        Action elsewhere = MUTATION.toBuilder().setTarget("payments-api").build();

        assertRefused(() -> guard().redeem(writ.compact(), elsewhere, Map.of()), "SCOPE_MISMATCH", PepRefusal.Stage.SCOPE);
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void aMutationWithAnotherOperationOrClassificationIsOutOfScope() {
        Action delete = MUTATION.toBuilder().setOperation("delete_po").build();
        Action secret = MUTATION.toBuilder().setClassification("secret").build();

        assertRefused(() -> guard().redeem(writ.compact(), delete, Map.of()), "SCOPE_MISMATCH", PepRefusal.Stage.SCOPE);
        assertRefused(() -> guard().redeem(writ.compact(), secret, Map.of()), "SCOPE_MISMATCH", PepRefusal.Stage.SCOPE);
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void aNodeRefusalKeepsTheNodesCodeAndProblem() {
        node.on("POST", "/v1/redemptions", r -> Answer.problem(409, "REPLAYED", "jti-1 was redeemed already"));

        assertThatThrownBy(() -> guard().redeem(writ.compact(), MUTATION, Map.of()))
                .isInstanceOfSatisfying(PepRefusal.class, e -> {
                    assertThat(e.code()).isEqualTo("REPLAYED");
                    assertThat(e.stage()).isEqualTo(PepRefusal.Stage.NODE);
                    assertThat(e.reachedNode()).isTrue();
                    assertThat(e.problem()).hasValueSatisfying(p -> assertThat(p.getStatus()).isEqualTo(409));
                });
    }

    @Test
    void aNodeThatGivesNoUsableAnswerIsATransportFailureNotARefusal() {
        node.on("POST", "/v1/redemptions", r -> Answer.text(502, "text/html", "<h1>Bad Gateway</h1>"));

        assertThatThrownBy(() -> guard().redeem(writ.compact(), MUTATION, Map.of()))
                .isInstanceOf(WritClientException.class);
    }

    @Test
    void aReceiptSignedByAnUnknownKeyIsRefused() {
        nodeAnswers(SigningKey.generate(), SignaturePurpose.REDEMPTION_RECEIPT, UnaryOperator.identity());

        assertRefused(() -> guard().redeem(writ.compact(), MUTATION, Map.of()), "UNKNOWN_KEY", PepRefusal.Stage.RECEIPT);
    }

    @Test
    void aReceiptSignedByAPartnerDomainsKeyIsRefused() {
        nodeAnswers(partnerKey, SignaturePurpose.REDEMPTION_RECEIPT, UnaryOperator.identity());

        assertRefused(() -> guard().redeem(writ.compact(), MUTATION, Map.of()), "KEY_MISMATCH", PepRefusal.Stage.RECEIPT);
    }

    @Test
    void aSignatureMadeForAnotherPurposeDoesNotPassAsAReceipt() {
        nodeAnswers(domainKey, SignaturePurpose.EVIDENCE_RECORD, UnaryOperator.identity());

        assertRefused(() -> guard().redeem(writ.compact(), MUTATION, Map.of()), "BAD_SIGNATURE", PepRefusal.Stage.RECEIPT);
    }

    @Test
    void aReceiptNamingAnotherJtiIsRefused() {
        nodeAnswers(domainKey, SignaturePurpose.REDEMPTION_RECEIPT, r -> r.setJti("jti-2"));

        assertRefused(() -> guard().redeem(writ.compact(), MUTATION, Map.of()), "RECEIPT_MISMATCH", PepRefusal.Stage.RECEIPT);
    }

    @Test
    void aReceiptForAnotherMutationIsRefused() {
        Action other = MUTATION.toBuilder().putParameters("amount", "1").build();
        nodeAnswers(domainKey, SignaturePurpose.REDEMPTION_RECEIPT,
                r -> r.setMutationHash(ByteString.copyFrom(PepGuard.mutationHash(other))));

        assertRefused(() -> guard().redeem(writ.compact(), MUTATION, Map.of()), "RECEIPT_MISMATCH", PepRefusal.Stage.RECEIPT);
    }

    @Test
    void aReceiptForAnotherWritOrContractOrPepIsRefused() {
        PepGuard guard = guard();
        nodeAnswers(domainKey, SignaturePurpose.REDEMPTION_RECEIPT,
                r -> r.setWritHash(ByteString.copyFrom(Hashes.sha256(new byte[] {1}))));
        assertRefused(() -> guard.redeem(writ.compact(), MUTATION, Map.of()), "RECEIPT_MISMATCH", PepRefusal.Stage.RECEIPT);

        nodeAnswers(domainKey, SignaturePurpose.REDEMPTION_RECEIPT,
                r -> r.setContractHash(ByteString.copyFrom(Hashes.sha256(new byte[] {2}))));
        assertRefused(() -> guard.redeem(writ.compact(), MUTATION, Map.of()), "RECEIPT_MISMATCH", PepRefusal.Stage.RECEIPT);

        nodeAnswers(domainKey, SignaturePurpose.REDEMPTION_RECEIPT, r -> r.setPepId("pep-other"));
        assertRefused(() -> guard.redeem(writ.compact(), MUTATION, Map.of()), "RECEIPT_MISMATCH", PepRefusal.Stage.RECEIPT);
    }

    @Test
    void aReceiptDatedOutsideTheWritsWindowIsRefused() {
        nodeAnswers(domainKey, SignaturePurpose.REDEMPTION_RECEIPT,
                r -> r.setRedeemedAtMillis(T0.plusSeconds(3600).toEpochMilli()));

        assertRefused(() -> guard().redeem(writ.compact(), MUTATION, Map.of()), "RECEIPT_MISMATCH", PepRefusal.Stage.RECEIPT);
    }

    @Test
    void anAnswerWithoutAReceiptIsRefused() {
        node.on("POST", "/v1/redemptions", r -> Answer.json(RedemptionResponse.newBuilder().setJti("jti-1").build()));

        assertRefused(() -> guard().redeem(writ.compact(), MUTATION, Map.of()), "MALFORMED", PepRefusal.Stage.RECEIPT);
    }

    @Test
    void theOutcomeIsReportedForTheVerifiedJtiAndThisPep() throws Exception {
        honestNode();
        node.on("POST", "/v1/outcomes", r -> Answer.json(OutcomeResponse.newBuilder().setJti("jti-1").build()));
        PepGuard guard = guard();
        VerifiedReceipt redeemed = guard.redeem(writ.compact(), MUTATION, Map.of());

        guard.reportOutcome(redeemed, OutcomeRecord.Status.SUCCEEDED, "po 4711 created", Hashes.sha256(new byte[] {7}));

        OutcomeRequest sent = node.requests().get(1).parse(OutcomeRequest.newBuilder()).build();
        assertThat(sent.getJti()).isEqualTo("jti-1");
        assertThat(sent.getPepId()).isEqualTo(PEP);
        assertThat(sent.getStatus()).isEqualTo(OutcomeRecord.Status.SUCCEEDED);
        assertThat(sent.getDetail()).isEqualTo("po 4711 created");
    }
}
