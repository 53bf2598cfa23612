package dev.writ.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.evidence.StoredRecord;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionsTest {
    private static final SigningKey KEY = SigningKey.generate();
    private static final String AGENT = "spiffe://acme/agent/payments";

    @Test
    void eachDecisionCarriesItsProposalsActionAndReasonsAndMatchesFiltersOnThem() {
        List<Decisions.Row> rows = Decisions.of(List.of(proposal(0, "p-1"), decision(1, "p-1", Decision.DENY)));
        assertThat(rows).hasSize(1);
        Decisions.Row row = rows.get(0);
        assertThat(row.json().toString()).contains("\"decision\":\"DENY\"", "\"target\":\"payments-api\"",
                "\"operation\":\"transfer\"", "\"code\":\"AMOUNT_ABOVE_LIMIT\"", "\"amount\":\"5000\"");
        assertThat(row.matches("payments", "payments-api")).isTrue();
        assertThat(row.matches("someone-else", "")).isFalse();
        assertThat(row.matches("", "billing")).isFalse();
    }

    @Test
    void anEscalationIsTheAnswerWritApproveReads() {
        Decisions.Row row = Decisions.of(List.of(decision(0, "p-2", Decision.ESCALATE))).get(0);
        assertThat(row.escalation().getApprovalId()).isEqualTo("p-2");
        assertThat(row.escalation().getDecision()).isEqualTo(Decision.ESCALATE);
        assertThat(row.escalation().getDecisionRecord().toByteArray()).isEqualTo(row.record().payload());
        assertThat(row.target()).isEmpty(); // its proposal was not among the records read
    }

    @Test
    void aLiveStreamSendsEachDecisionOnceAcrossOverlappingReads() {
        DecisionCursor cursor = new DecisionCursor(5_000);
        StoredRecord first = decision(1, "p-1", Decision.ALLOW);
        StoredRecord second = decision(3, "p-3", Decision.DENY);
        // records are dated 1 001 and 1 003: each read reaches back 5 s, so both are read again and again
        assertThat(cursor.readFrom(2_000)).isEqualTo(-3_000);
        assertThat(cursor.next(List.of(first), 2_000)).extracting(r -> r.decision().getProposalId()).containsExactly("p-1");
        assertThat(cursor.next(List.of(first, second), 3_000)).extracting(r -> r.decision().getProposalId())
                .containsExactly("p-3");
        assertThat(cursor.next(List.of(first, second), 6_000)).isEmpty();
    }

    private static StoredRecord proposal(long seq, String id) {
        return record(EvidenceKind.PROPOSAL, seq, id, ActionProposal.newBuilder().setProposalId(id).setAgentId(AGENT)
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", "5000")).build().toByteArray());
    }

    private static StoredRecord decision(long seq, String id, Decision decision) {
        DecisionRecord.Builder d = DecisionRecord.newBuilder().setDomain("acme").setProposalId(id).setAgentId(AGENT)
                .setDecision(decision).setNodeId("node-a").setDecidedAtMillis(1_000 + seq);
        if (decision == Decision.DENY) {
            d.addReasons(Reason.newBuilder().setCode("AMOUNT_ABOVE_LIMIT").setDetail("over 1000"));
        }
        return record(EvidenceKind.DECISION, seq, id, d.build().toByteArray());
    }

    private static StoredRecord record(EvidenceKind kind, long seq, String subject, byte[] payload) {
        ChainHead head = new ChainHead("acme", "node-a-0", seq, new byte[32]);
        VerifiedRecord sealed = EvidenceRecords.seal(KEY, "node-a", head, kind, subject, Hashes.sha256(payload), 1_000 + seq);
        return new StoredRecord(sealed, payload, subject);
    }
}
