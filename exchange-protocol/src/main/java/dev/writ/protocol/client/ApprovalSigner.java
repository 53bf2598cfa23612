package dev.writ.protocol.client;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.Wire;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.ApprovalRequest;
import dev.writ.protocol.wire.ApprovalStatement;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.ProposalResponse;
import java.time.Clock;
import java.util.Objects;

/**
 * What a human approver's tool uses to turn an ESCALATE into an approval: an
 * {@link ApprovalStatement} signed with the approver's registered key under
 * {@link SignaturePurpose#APPROVAL}, so it can never pass for any other signed artifact. The
 * statement bytes travel beside the signature (sign exact bytes, never a re-serialization). Send
 * the result with {@link WritClient#approve(String, ApprovalRequest)}.
 */
public final class ApprovalSigner {
    /** Decision records are small; a larger one is refused before it is parsed. */
    public static final int MAX_DECISION_RECORD_BYTES = 64 * 1024;

    private final String approverId;
    private final SigningKey key;
    private final Clock clock;

    public ApprovalSigner(String approverId, SigningKey key, Clock clock) {
        if (approverId == null || approverId.isBlank()) {
            throw new IllegalArgumentException("an approver id is required");
        }
        this.approverId = approverId;
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Approves the proposal an ESCALATE answer is about. Domain, proposal id and proposal hash come
     * from the decision record the node returned, and must agree with the answer around it.
     */
    public ApprovalRequest approve(ProposalResponse escalated) throws ProtocolException {
        Objects.requireNonNull(escalated, "escalated");
        if (escalated.getDecision() != DecisionRecord.Decision.ESCALATE || escalated.getApprovalId().isBlank()) {
            throw new IllegalArgumentException("only an ESCALATE answer with an approval id can be approved, got "
                    + escalated.getDecision());
        }
        DecisionRecord decision = Wire.parse(DecisionRecord.parser(), escalated.getDecisionRecord().toByteArray(),
                MAX_DECISION_RECORD_BYTES, "decision record");
        if (decision.getDecision() != DecisionRecord.Decision.ESCALATE
                || !decision.getProposalId().equals(escalated.getProposalId())) {
            throw new ProtocolException(Fault.STORY_INCONSISTENT, "the decision record (" + decision.getDecision()
                    + ", proposal " + decision.getProposalId() + ") does not match the answer (ESCALATE, proposal "
                    + escalated.getProposalId() + ")");
        }
        return approve(decision.getDomain(), decision.getProposalId(), decision.getProposalHash().toByteArray());
    }

    /** Approves proposal {@code proposalId} of {@code domain}, whose ActionProposal bytes hash to {@code proposalHash}. */
    public ApprovalRequest approve(String domain, String proposalId, byte[] proposalHash) throws ProtocolException {
        if (domain == null || domain.isBlank() || proposalId == null || proposalId.isBlank()) {
            throw new ProtocolException(Fault.MALFORMED, "an approval names a domain and a proposal id");
        }
        if (proposalHash == null || proposalHash.length != Hashes.SHA256_LENGTH) {
            throw new ProtocolException(Fault.MALFORMED, "a proposal hash is " + Hashes.SHA256_LENGTH + " bytes");
        }
        byte[] statement = ApprovalStatement.newBuilder()
                .setDomain(domain)
                .setProposalId(proposalId)
                .setProposalHash(ByteString.copyFrom(proposalHash))
                .setApproverId(approverId)
                .setApprovedAtMillis(clock.millis())
                .build()
                .toByteArray();
        return ApprovalRequest.newBuilder()
                .setStatement(ByteString.copyFrom(statement))
                .setSignature(ByteString.copyFrom(key.sign(SignaturePurpose.APPROVAL, statement)))
                .build();
    }
}
