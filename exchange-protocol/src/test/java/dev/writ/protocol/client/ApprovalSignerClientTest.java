package dev.writ.protocol.client;

import static dev.writ.protocol.FaultAssert.assertFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.ApprovalRequest;
import dev.writ.protocol.wire.ApprovalStatement;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.ProposalResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@link ApprovalSigner}; named *Client* so the client's test selection runs it. */
class ApprovalSignerClientTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:05:00Z");
    private static final byte[] PROPOSAL_HASH = Hashes.sha256("proposal bytes".getBytes());

    private final SigningKey approverKey = SigningKey.generate();
    private final ApprovalSigner signer = new ApprovalSigner("alice@acme", approverKey, Clock.fixed(NOW, ZoneOffset.UTC));

    private static ProposalResponse escalated(String recordProposalId, DecisionRecord.Decision recorded) {
        DecisionRecord record = DecisionRecord.newBuilder().setDomain("acme").setProposalId(recordProposalId)
                .setProposalHash(ByteString.copyFrom(PROPOSAL_HASH)).setDecision(recorded).build();
        return ProposalResponse.newBuilder().setProposalId("prop-1").setDecision(DecisionRecord.Decision.ESCALATE)
                .setApprovalId("appr-1").setDecisionRecord(record.toByteString()).build();
    }

    @Test
    void anApprovalSignsTheStatementBytesItCarriesUnderTheApprovalPurpose() throws Exception {
        ApprovalRequest request = signer.approve("acme", "prop-1", PROPOSAL_HASH);

        byte[] statement = request.getStatement().toByteArray();
        approverKey.verifyingKey().verify(SignaturePurpose.APPROVAL, statement, request.getSignature().toByteArray());
        ApprovalStatement parsed = ApprovalStatement.parseFrom(statement);
        assertThat(parsed.getDomain()).isEqualTo("acme");
        assertThat(parsed.getProposalId()).isEqualTo("prop-1");
        assertThat(parsed.getProposalHash().toByteArray()).isEqualTo(PROPOSAL_HASH);
        assertThat(parsed.getApproverId()).isEqualTo("alice@acme");
        assertThat(parsed.getApprovedAtMillis()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void anApprovalSignatureDoesNotPassForAnyOtherPurpose() throws Exception {
        ApprovalRequest request = signer.approve("acme", "prop-1", PROPOSAL_HASH);

        assertFault(() -> approverKey.verifyingKey().verify(SignaturePurpose.REDEMPTION_RECEIPT,
                request.getStatement().toByteArray(), request.getSignature().toByteArray()), Fault.BAD_SIGNATURE);
    }

    @Test
    void anEscalateAnswerIsApprovedWithTheDomainAndHashOfItsDecisionRecord() throws Exception {
        ApprovalRequest request = signer.approve(escalated("prop-1", DecisionRecord.Decision.ESCALATE));

        ApprovalStatement parsed = ApprovalStatement.parseFrom(request.getStatement());
        assertThat(parsed.getDomain()).isEqualTo("acme");
        assertThat(parsed.getProposalId()).isEqualTo("prop-1");
        assertThat(parsed.getProposalHash().toByteArray()).isEqualTo(PROPOSAL_HASH);
    }

    @Test
    void aDecisionRecordAboutAnotherProposalIsNotApproved() {
        assertFault(() -> signer.approve(escalated("prop-2", DecisionRecord.Decision.ESCALATE)),
                Fault.STORY_INCONSISTENT);
        assertFault(() -> signer.approve(escalated("prop-1", DecisionRecord.Decision.ALLOW)),
                Fault.STORY_INCONSISTENT);
    }

    @Test
    void onlyAnEscalateCanBeApproved() {
        ProposalResponse allow = ProposalResponse.newBuilder().setProposalId("prop-1")
                .setDecision(DecisionRecord.Decision.ALLOW).build();

        assertThatThrownBy(() -> signer.approve(allow)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProposalHashOfTheWrongLengthIsRefused() {
        assertFault(() -> signer.approve("acme", "prop-1", new byte[5]), Fault.MALFORMED);
    }
}
