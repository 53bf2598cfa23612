package dev.writ.node.admission;

import com.google.protobuf.ByteString;
import dev.writ.node.evidence.ProposalClaim;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.PolicyEpoch;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.Reason;
import dev.writ.protocol.wire.WritIssuance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProposalRetriesTest {
    private static final SigningKey KEY = SigningKey.generate();
    private static final String ID = "p-1";
    private static final String JTI = "a7f1c2e0-0000-4000-8000-000000000001";
    private static final byte[] HASH = Hashes.sha256("the claimed proposal".getBytes(StandardCharsets.UTF_8));
    private static final byte[] OTHER_HASH = Hashes.sha256("another proposal".getBytes(StandardCharsets.UTF_8));
    private static final long CLAIMED_AT = 1_780_000_000_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ProposalClaim FIRST = new ProposalClaim("acme", "spiffe://acme/agent/a", ID, HASH, JTI, CLAIMED_AT);
    private static final PolicyEpoch EPOCH = PolicyEpoch.newBuilder().setVersion(3).setBlockNumber(7).build();

    private final List<StoredRecord> records = new ArrayList<>();

    private byte[] record(EvidenceKind kind, String subject, byte[] payload) {
        var sealed = EvidenceRecords.seal(KEY, "node-1", new ChainHead("acme", "node-1-0", records.size(),
                Hashes.zeroHash()), kind, subject, Hashes.sha256(payload), CLAIMED_AT + 5);
        records.add(new StoredRecord(sealed, payload, kind == EvidenceKind.ISSUANCE ? JTI : ID));
        return payload;
    }

    private static byte[] decision(Decision decision, byte[] proposalHash, String agent) {
        return DecisionRecord.newBuilder().setDomain("acme").setProposalId(ID).setProposalHash(ByteString.copyFrom(proposalHash))
                .setAgentId(agent).setDecision(decision)
                .addReasons(Reason.newBuilder().setCode("RULE").setDetail("why")).setPolicyEpoch(EPOCH)
                .setDecidedAtMillis(CLAIMED_AT + 3).setNodeId("node-1").build().toByteArray();
    }

    private static ProposalResponse.Builder answered(Decision decision, byte[] decisionBytes) {
        return ProposalResponse.newBuilder().setProposalId(ID).setDecision(decision)
                .addReasons(Reason.newBuilder().setCode("RULE").setDetail("why")).setPolicyEpoch(EPOCH)
                .setDecisionRecord(ByteString.copyFrom(decisionBytes));
    }

    @Test
    void anAllowIsAnsweredAgainFromItsDecisionAndIssuanceRecords() {
        record(EvidenceKind.PROPOSAL, ID, "proposal bytes".getBytes(StandardCharsets.UTF_8));
        byte[] decided = record(EvidenceKind.DECISION, ID, decision(Decision.ALLOW, HASH, "spiffe://acme/agent/a"));
        WritIssuance issuance = WritIssuance.newBuilder().setWrit("header.claims.signature")
                .setContract(ByteString.copyFromUtf8("contract bytes")).build();
        record(EvidenceKind.ISSUANCE, JTI, issuance.toByteArray());

        assertThat(ProposalRetries.decided(ID, FIRST, records)).contains(answered(Decision.ALLOW, decided)
                .setJti(JTI).setWrit(issuance.getWrit()).setContract(issuance.getContract()).build());
    }

    @Test
    void aDenyAndAnEscalateAreAnsweredAgainFromTheirDecision() {
        byte[] denied = record(EvidenceKind.DECISION, ID, decision(Decision.DENY, HASH, "spiffe://acme/agent/a"));
        assertThat(ProposalRetries.decided(ID, FIRST, records)).contains(answered(Decision.DENY, denied).build());

        records.clear();
        byte[] escalated = record(EvidenceKind.DECISION, ID, decision(Decision.ESCALATE, HASH, "spiffe://acme/agent/a"));
        assertThat(ProposalRetries.decided(ID, FIRST, records))
                .contains(answered(Decision.ESCALATE, escalated).setApprovalId(ID).build());
    }

    @Test
    void anotherAgentsDecisionUnderTheSameIdIsNotTheAnswer() {
        record(EvidenceKind.DECISION, ID, decision(Decision.ALLOW, OTHER_HASH, "spiffe://acme/agent/b"));
        record(EvidenceKind.REFUSAL, ID, "a refusal".getBytes(StandardCharsets.UTF_8));
        assertThat(ProposalRetries.decided(ID, FIRST, records)).isEmpty();
    }

    @Test
    void anAllowWithoutItsIssuanceIsNotTakenAsDecided() {
        record(EvidenceKind.DECISION, ID, decision(Decision.ALLOW, HASH, "spiffe://acme/agent/a"));
        assertThat(ProposalRetries.decided(ID, FIRST, records)).isEmpty();
    }

    @Test
    void otherContentUnderAClaimedIdIsADuplicate() {
        assertThatCode(() -> ProposalRetries.requireSameProposal(ID, "spiffe://acme/agent/a", HASH, FIRST))
                .doesNotThrowAnyException();
        assertRefused(() -> ProposalRetries.requireSameProposal(ID, "spiffe://acme/agent/a", OTHER_HASH, FIRST),
                RefusalCode.DUPLICATE_PROPOSAL, "other content");
    }

    @Test
    void anUndecidedClaimIsBeingDecidedUntilItsDeadlineAndSpentAfter() throws Refusal {
        ProposalResponse decided = ProposalResponse.newBuilder().setProposalId(ID).setDecision(Decision.DENY).build();
        assertThat(ProposalRetries.answer(ID, FIRST, Optional.of(decided), CLAIMED_AT + 3_600_000, DEADLINE))
                .as("a decided proposal is answered however late").isEqualTo(decided);
        assertRefused(() -> ProposalRetries.answer(ID, FIRST, Optional.empty(), CLAIMED_AT + 29_999, DEADLINE),
                RefusalCode.TIMEOUT, "retry with the same proposal id");
        assertRefused(() -> ProposalRetries.answer(ID, FIRST, Optional.empty(), CLAIMED_AT + 30_000, DEADLINE),
                RefusalCode.DUPLICATE_PROPOSAL, "new proposal id");
    }

    private static void assertRefused(ThrowingCallable call, RefusalCode code,
                                      String saying) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.subject()).isEqualTo(ID);
            assertThat(r.detail()).contains(saying);
        });
    }
}
