package dev.writ.node.redemption;

import com.google.protobuf.ByteString;
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
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.PossessionProof;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RefusalRecord;
import dev.writ.protocol.wire.WritStatus;
import dev.writ.protocol.writ.PossessionProofs;
import dev.writ.protocol.writ.WritVerifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * A real node with agent and PEP credentials required (the defaults; D61, trust model gap 2): the
 * writ of a signed proposal names the agent's key ({@code cnf.jkt}), and only whoever proves that
 * key, for this PEP and this mutation, spends it. Another certified PEP that holds the writ (before
 * D61 it redeemed it) is refused at the node, with a typed code and a REFUSAL record in the writ's
 * story, and the writ stays redeemable by the PEP the agent meant; so is a PEP handed the writ by
 * anyone but its agent. Proofs too old or dated ahead are refused; a proof sent again meets a
 * spent writ.
 */
class SenderConstrainedWritTest {
    private static final byte[] MODEL = Hashes.sha256("model-v1".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, String> RICH = Map.of("account.balance", "100000");
    private static final SigningKey OPERATOR = SigningKey.generate();
    private static final SpiffeId AGENT = new SpiffeId("acme", "payments-pep");

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
                "writ.identity.agent-certificates", "required",
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
        X509CertificateHolder leaf = ca.issueAgent(AgentCsr.verify(AgentCsr.create(key, AGENT, MODEL)),
                Instant.now().minusSeconds(60), Duration.ofHours(1));
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
    void theWritOfASignedProposalNamesTheAgentsKey() throws Exception {
        ProposalResponse allowed = allowed("10");
        var claims = new WritVerifier(operator.keys("acme"), Duration.ofSeconds(2)).verify(allowed.getWrit(), Instant.now())
                .claims();
        assertThat(claims.confirmationKey()).isEqualTo(agent.key().id().toString());
    }

    @Test
    void aWritStolenByAnotherCertifiedPepIsRefusedAndItsPepRedeemsIt() throws Exception {
        ProposalResponse allowed = allowed("20");
        PepCredential till = pep("till-1");
        PepCredential mallory = pep("mallory");
        WritClient thief = WritClient.builder(node.uri()).pepCredential(mallory).build();

        assertRefused(() -> thief.redeem(redemption(allowed, "20", mallory, null)), allowed.getJti(), "POP_REQUIRED");
        PossessionProof forTill = agent.prove(allowed, action("20"), till.pepId().uri(), Instant.now());
        assertRefused(() -> thief.redeem(redemption(allowed, "20", mallory, forTill)), allowed.getJti(), "POP_INVALID");
        SigningKey own = SigningKey.generate();
        PossessionProof ownKey = PossessionProofs.prove(own, allowed.getJti(), Hashes.sha256(allowed.getContract()
                .toByteArray()), action("20"), mallory.pepId().uri(), Instant.now());
        assertRefused(() -> thief.redeem(redemption(allowed, "20", mallory, ownKey)), allowed.getJti(), "POP_INVALID");
        PossessionProof keySwapped = forTill.toBuilder().setPepId(mallory.pepId().uri()).build();
        assertRefused(() -> thief.redeem(redemption(allowed, "20", mallory, keySwapped)), allowed.getJti(),
                "POP_INVALID");
        assertUnspent(allowed.getJti());

        VerifiedReceipt receipt = guard(till, Clock.systemUTC()).redeem(allowed.getWrit(), forTill, action("20"), RICH);
        assertThat(receipt.receipt().getPepId()).isEqualTo(till.pepId().uri());
        assertThat(operator.writStatus(allowed.getJti()).getState()).isEqualTo(WritStatus.State.REDEEMED);
    }

    @Test
    void aPepRefusesAWritWhosePresenterDoesNotProveItsKeyWithoutAskingTheNode() throws Exception {
        ProposalResponse allowed = allowed("30");
        PepCredential till = pep("till-2");
        PepGuard guard = guard(till, Clock.systemUTC());

        assertPepRefused(() -> guard.redeem(allowed.getWrit(), action("30"), RICH), "POP_REQUIRED");
        PossessionProof otherMutation = agent.prove(allowed, action("31"), till.pepId().uri(), Instant.now());
        assertPepRefused(() -> guard.redeem(allowed.getWrit(), otherMutation, action("30"), RICH), "POP_INVALID");
        PossessionProof otherPep = agent.prove(allowed, action("30"), "spiffe://acme/pep/till-1", Instant.now());
        assertPepRefused(() -> guard.redeem(allowed.getWrit(), otherPep, action("30"), RICH), "POP_INVALID");
        PossessionProof tampered = agent.prove(allowed, action("30"), till.pepId().uri(), Instant.now()).toBuilder()
                .setProvedAtMillis(System.currentTimeMillis() + 1).build();
        assertPepRefused(() -> guard.redeem(allowed.getWrit(), tampered, action("30"), RICH), "POP_INVALID");
        assertUnspent(allowed.getJti());

        guard.redeem(allowed.getWrit(), agent.prove(allowed, action("30"), till.pepId().uri(), Instant.now()),
                action("30"), RICH);
        assertThat(operator.writStatus(allowed.getJti()).getState()).isEqualTo(WritStatus.State.REDEEMED);
    }

    @Test
    void aProofOlderThanTheMaximumAgeOrDatedAheadBeyondTheSkewIsStale() throws Exception {
        ProposalResponse allowed = allowed("40");
        PepCredential till = pep("till-3");
        WritClient direct = WritClient.builder(node.uri()).pepCredential(till).build();
        String pepId = till.pepId().uri();
        Instant now = Instant.now();

        PossessionProof old = agent.prove(allowed, action("40"), pepId, now.minus(Duration.ofSeconds(90)));
        assertRefused(() -> direct.redeem(redemption(allowed, "40", till, old)), allowed.getJti(), "POP_STALE");
        PossessionProof ahead = agent.prove(allowed, action("40"), pepId, now.plus(Duration.ofSeconds(30)));
        assertRefused(() -> direct.redeem(redemption(allowed, "40", till, ahead)), allowed.getJti(), "POP_STALE");
        // The PEP judges on its own clock first and does not call the node.
        PepGuard guard = guard(till, Clock.systemUTC());
        assertPepRefused(() -> guard.redeem(allowed.getWrit(), old, action("40"), RICH), "POP_STALE");
        assertPepRefused(() -> guard.redeem(allowed.getWrit(), ahead, action("40"), RICH), "POP_STALE");
        assertUnspent(allowed.getJti());

        // Within the skew (2 s): a proof dated one second ahead of the node's clock is accepted.
        PossessionProof slightlyAhead = agent.prove(allowed, action("40"), pepId, Instant.now().plusSeconds(1));
        assertThat(direct.redeem(redemption(allowed, "40", till, slightlyAhead)).getJti()).isEqualTo(allowed.getJti());
    }

    @Test
    void aProofSentAgainMeetsASpentWritAndIsWorthNothingToAnotherPep() throws Exception {
        ProposalResponse allowed = allowed("50");
        PepCredential till = pep("till-4");
        PossessionProof proof = agent.prove(allowed, action("50"), till.pepId().uri(), Instant.now());
        WritClient direct = WritClient.builder(node.uri()).pepCredential(till).build();
        direct.redeem(redemption(allowed, "50", till, proof));

        assertRefused(() -> direct.redeem(redemption(allowed, "50", till, proof)), allowed.getJti(), "REPLAYED");
        PepCredential other = pep("till-5");
        WritClient otherClient = WritClient.builder(node.uri()).pepCredential(other).build();
        assertRefused(() -> otherClient.redeem(redemption(allowed, "50", other, proof)), allowed.getJti(),
                "POP_INVALID");
    }

    @Test
    void anOversizedProofIsRefusedAsInvalid() throws Exception {
        ProposalResponse allowed = allowed("60");
        PepCredential till = pep("till-6");
        PossessionProof padded = agent.prove(allowed, action("60"), till.pepId().uri(), Instant.now()).toBuilder()
                .setSignature(ByteString.copyFrom(new byte[PossessionProofs.MAX_BYTES])).build();
        WritClient direct = WritClient.builder(node.uri()).pepCredential(till).build();
        assertRefused(() -> direct.redeem(redemption(allowed, "60", till, padded)), allowed.getJti(), "POP_INVALID");
        assertUnspent(allowed.getJti());
    }

    private static ProposalResponse allowed(String amount) throws Exception {
        ProposalResponse allowed = agentClient.propose(ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId(AGENT.uri())
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal")
                        .setModelHash(ByteString.copyFrom(MODEL)))
                .setProposedAtMillis(System.currentTimeMillis())
                .build());
        assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
        return allowed;
    }

    private static Action action(String amount) {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                .putParameters("amount", amount).putParameters("currency", "EUR").setClassification("internal").build();
    }

    private static RedemptionRequest redemption(ProposalResponse allowed, String amount, PepCredential pep,
                                                PossessionProof proof) {
        RedemptionRequest.Builder request = RedemptionRequest.newBuilder().setWrit(allowed.getWrit())
                .setMutation(action(amount)).putAllObserved(RICH).setPepId(pep.pepId().uri());
        if (proof != null) {
            request.setPossession(proof);
        }
        return request.build();
    }

    private static PepCredential pep(String name) throws Exception {
        SigningKey key = SigningKey.generate();
        return PepCredential.of(key, ca.presentedChain(ca.issuePep(new PepId("acme", name), key.verifyingKey(),
                Instant.now().minusSeconds(60), Duration.ofHours(1))));
    }

    private static PepGuard guard(PepCredential pep, Clock clock) throws Exception {
        WritClient client = WritClient.builder(node.uri()).pepCredential(pep).build();
        return new PepGuard(client, client.keys("acme"), Duration.ofSeconds(2), clock);
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** Refused by the node with {@code code}, and recorded as a REFUSAL in the writ's story. */
    private static void assertRefused(Call call, String jti, String code) throws Exception {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo(code));
        assertThat(node.node.store().story("acme", jti)).filteredOn(r -> r.kind() == EvidenceKind.REFUSAL)
                .extracting(r -> RefusalRecord.parseFrom(r.payload()).getCode()).contains(code);
    }

    /** Refused by the PEP itself, before the node was asked. */
    private static void assertPepRefused(Call call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PepRefusal.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.stage()).isEqualTo(PepRefusal.Stage.POSSESSION);
            assertThat(r.reachedNode()).isFalse();
        });
    }

    private static void assertUnspent(String jti) throws Exception {
        assertThat(operator.writStatus(jti).getState()).as("the refused request did not spend the writ")
                .isEqualTo(WritStatus.State.ISSUED);
    }
}
