package dev.writ.node.admission;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.evidence.ProposalClaim;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.WritIssuance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a copy of a proposal gets when its evidence append found the id already claimed
 * ({@link ProposalClaim}, in the same transaction as the first admission's decision). Pure: the
 * claim, the evidence and the time come in as arguments.
 *
 * <p>The same proposal, decided: the first answer again, rebuilt from its decision's evidence, so a
 * copy keeps no budget charge, gives out no writ and records nothing. Other content under the id:
 * DUPLICATE_PROPOSAL. A claim whose decision cannot be found (only a node that claims before it
 * decides, of a version before the claim moved into the evidence transaction, leaves one for a
 * while): TIMEOUT within the decision deadline, DUPLICATE_PROPOSAL after it, when the id is spent. A
 * proposal id is never decided twice, so one signed proposal never gets a second writ.
 */
final class ProposalRetries {
    private ProposalRetries() {
    }

    /** Refuses a proposal that is not the one its id was claimed for. */
    static void requireSameProposal(String proposalId, String agentId, byte[] proposalHash, ProposalClaim first)
            throws Refusal {
        if (!first.claims(proposalHash)) {
            throw new Refusal(RefusalCode.DUPLICATE_PROPOSAL, proposalId, "proposal id " + proposalId + " of "
                    + agentId + " was already used for other content at " + Instant.ofEpochMilli(first.claimedAtMillis())
                    + "; a proposal id is single use: propose this under a new proposal id");
        }
    }

    /**
     * The answer to a copy of the proposal {@code first} claimed: its decision, or a refusal saying
     * whether to retry (still being decided) or to use a new id (never decided).
     *
     * @param decided  the first arrival's answer, when its decision is durable ({@link #decided})
     * @param deadline how long the first arrival may take to decide (writ.admission.decision-deadline)
     */
    static ProposalResponse answer(String proposalId, ProposalClaim first, Optional<ProposalResponse> decided,
                                   long nowMillis, Duration deadline) throws Refusal {
        if (decided.isPresent()) {
            return decided.get();
        }
        Instant claimed = Instant.ofEpochMilli(first.claimedAtMillis());
        if (nowMillis < first.claimedAtMillis() + deadline.toMillis()) {
            throw new Refusal(RefusalCode.TIMEOUT, proposalId, "proposal " + proposalId + " is being decided by an"
                    + " earlier copy (claimed at " + claimed + "); retry with the same proposal id for its answer");
        }
        throw new Refusal(RefusalCode.DUPLICATE_PROPOSAL, proposalId, "proposal " + proposalId + " was claimed at "
                + claimed + " and never decided within " + deadline + "; nothing was issued for it and its id is"
                + " spent: propose again under a new proposal id");
    }

    /**
     * The answer {@code first} gave, rebuilt from the records of its decision: the DECISION about
     * {@code proposalId} for the claimed proposal hash and, for an ALLOW, the ISSUANCE of the writ
     * whose jti is the admission id. Empty while no such decision is recorded (an ALLOW's DECISION
     * and ISSUANCE are one append, so one without the other is never read as decided).
     *
     * @param records the admission's story and the proposal's: an ALLOW is recorded under its jti,
     *                a DENY or ESCALATE under the proposal id
     */
    static Optional<ProposalResponse> decided(String proposalId, ProposalClaim first, List<StoredRecord> records) {
        for (StoredRecord r : records) {
            if (r.kind() != EvidenceKind.DECISION || !r.subject().equals(proposalId)) {
                continue;
            }
            DecisionRecord decision = decisionOf(r);
            if (!first.claims(decision.getProposalHash().toByteArray())) {
                continue; // another agent's proposal under the same id
            }
            ProposalResponse.Builder response = ProposalResponse.newBuilder()
                    .setProposalId(proposalId)
                    .setDecision(decision.getDecision())
                    .addAllReasons(decision.getReasonsList())
                    .setPolicyEpoch(decision.getPolicyEpoch())
                    .setDecisionRecord(ByteString.copyFrom(r.payload()));
            switch (decision.getDecision()) {
                case ALLOW -> {
                    Optional<WritIssuance> issuance = StoredRecord.issuance(first.admissionId(), records);
                    if (issuance.isEmpty()) {
                        return Optional.empty();
                    }
                    response.setJti(first.admissionId()).setWrit(issuance.get().getWrit())
                            .setContract(issuance.get().getContract());
                }
                case ESCALATE -> response.setApprovalId(proposalId);
                default -> {
                }
            }
            return Optional.of(response.build());
        }
        return Optional.empty();
    }


    private static DecisionRecord decisionOf(StoredRecord r) {
        try {
            return DecisionRecord.parseFrom(r.payload());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the DECISION record " + r.key() + " is unreadable", e);
        }
    }
}
