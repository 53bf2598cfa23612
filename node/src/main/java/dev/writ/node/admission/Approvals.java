package dev.writ.node.admission;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.config.Regions;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.health.HealthState;
import dev.writ.node.keys.MemberSeals;
import dev.writ.node.refusal.Failures;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.node.revocation.RevocationState;
import dev.writ.policy.Evaluation;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.ApprovalRequest;
import dev.writ.protocol.wire.ApprovalStatement;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.DriftPredicate;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.PolicyEpoch;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.Reason;
import dev.writ.protocol.wire.WritIssuance;
import dev.writ.protocol.writ.WritIssuer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Escalations: ESCALATE parks the proposal in its {@link ApprovalEntity}; `POST
 * /v1/approvals/{id}` with an approver's signed {@link ApprovalStatement} turns it into a writ,
 * recorded as an APPROVAL record (a DecisionRecord ALLOW carrying the approver's statement and
 * signature) and an ISSUANCE record.
 */
public final class Approvals {
    public static final String APPROVED_BY_PERSON = "APPROVED_BY_PERSON";

    private final NodeSettings settings;
    private final Clock clock;
    private final HealthState health;
    private final RevocationState revocationState;
    private final PartnerDomains partners;
    private final WritIssuer issuer;
    private final ClusterSharding sharding;
    private final MemberSeals seals;
    private final EvidenceLog evidence;
    private final EvidenceStore store;
    private final Executor blocking;
    private final Executor continuations;
    private final Map<String, VerifyingKey> approvers = new HashMap<>();

    public Approvals(NodeSettings settings, Clock clock, HealthState health, RevocationState revocations,
                     PartnerDomains partners, WritIssuer issuer, ClusterSharding sharding, MemberSeals seals,
                     EvidenceLog evidence, EvidenceStore store, Executor blocking, Executor continuations) {
        this.settings = settings;
        this.clock = clock;
        this.health = health;
        this.revocationState = revocations;
        this.partners = partners;
        this.issuer = issuer;
        this.sharding = sharding;
        this.seals = seals;
        this.evidence = evidence;
        this.store = store;
        this.blocking = blocking;
        this.continuations = continuations;
        for (NodeSettings.Approver a : settings.approvers()) {
            try {
                approvers.put(a.id(), KeyEncoding.verifyingKeyFromPem(a.publicKeyPem()));
            } catch (ProtocolException e) {
                throw new IllegalArgumentException("writ.approvals.approvers: the key of '" + a.id() + "' is not an "
                        + "Ed25519 public key in PEM: " + e.detail(), e);
            }
        }
    }

    CompletionStage<ApprovalEntity.Answer> park(ActionProposal proposal, byte[] proposalBytes, byte[] proposalHash,
                                                byte[] decisionBytes, Evaluation evaluation, Instant now) {
        List<byte[]> drift = evaluation.drift().stream().map(DriftPredicate::toByteArray).toList();
        ApprovalEntity.Parked parked = new ApprovalEntity.Parked(proposalBytes, proposalHash, decisionBytes,
                evaluation.epoch().toByteArray(), evaluation.window().toSeconds(), drift,
                now.plus(settings.approvalTimeout()).toEpochMilli());
        // parked in this node's region, where it stays; the seal covers the entity's id there
        String here = settings.regions().self();
        return Continuations.on(continuations, entity(proposal.getProposalId(), here)
                .<ApprovalEntity.Answer>ask(reply -> ApprovalEntity.Park.sealedBy(seals,
                        settings.regions().entityId(proposal.getProposalId(), here), parked, reply), settings.askTimeout()))
                .thenApply(answer -> {
                    if (answer.status() == ApprovalEntity.Status.CONFLICT) {
                        throw new CompletionException(new Refusal(RefusalCode.DUPLICATE_PROPOSAL, proposal.getProposalId(),
                                "proposal id " + proposal.getProposalId() + " is already waiting for approval with "
                                        + "other content; use a new proposal id"));
                    }
                    return answer;
                });
    }

    public CompletionStage<ProposalResponse> approve(String approvalId, ApprovalRequest request) {
        ApprovalStatement statement;
        RevocationSnapshot revocations;
        try {
            health.requireServing(approvalId);
            revocations = revocationState.requireFresh(approvalId);
            statement = verified(approvalId, request);
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        }
        long now = clock.millis();
        byte[] hash = statement.getProposalHash().toByteArray();
        return locate(approvalId, hash, now, settings.regions().names(), null)
                .thenCompose(located -> switch (located.answer().status()) {
                    case NONE -> CompletableFuture.failedFuture(new Refusal(RefusalCode.NOT_FOUND, approvalId,
                            "no escalated proposal has approval id " + approvalId));
                    case APPROVED -> answered(approvalId, located.answer());
                    case PENDING -> approvePending(approvalId, located.region(), statement, request, located.answer().parked(),
                            revocations);
                    default -> CompletableFuture.failedFuture(new Refusal(RefusalCode.NOT_PENDING, approvalId,
                            "proposal " + approvalId + " is " + located.answer().status() + ", not waiting for approval"));
                });
    }

    /** Where an approval is parked, and what its entity answered. */
    private record Located(String region, ApprovalEntity.Answer answer) {
    }

    /**
     * Finds the region that parked {@code approvalId}: this node's region first, then each other
     * region in turn (one hop each; the approval id is the proposal id, which names no region). The
     * first parked proposal whose hash the statement approves wins; failing that, the first one
     * found (which the hash check then refuses); failing that, NONE. A region that does not answer
     * fails the approval (fail closed: it may hold the proposal).
     */
    private CompletionStage<Located> locate(String approvalId, byte[] proposalHash, long now, List<String> regions,
                                            Located firstFound) {
        if (regions.isEmpty()) {
            return CompletableFuture.completedFuture(firstFound != null ? firstFound : new Located(settings.regions().self(),
                    new ApprovalEntity.Answer(ApprovalEntity.Status.NONE, null, null, null, null)));
        }
        String region = regions.get(0);
        return Continuations.on(continuations, entity(approvalId, region)
                        .<ApprovalEntity.Answer>ask(reply -> ApprovalEntity.Get.sealedBy(seals,
                                settings.regions().entityId(approvalId, region), now, reply), settings.askTimeout()))
                .thenCompose(answer -> {
                    if (answer.status() != ApprovalEntity.Status.NONE && Arrays.equals(answer.parked().proposalHash(), proposalHash)) {
                        return CompletableFuture.completedFuture(new Located(region, answer));
                    }
                    Located found = firstFound == null && answer.status() != ApprovalEntity.Status.NONE
                            ? new Located(region, answer) : firstFound;
                    return locate(approvalId, proposalHash, now, regions.subList(1, regions.size()), found);
                });
    }

    private ApprovalStatement verified(String approvalId, ApprovalRequest request) throws Refusal {
        ApprovalStatement statement;
        try {
            statement = ApprovalStatement.parseFrom(request.getStatement());
        } catch (InvalidProtocolBufferException e) {
            throw new Refusal(RefusalCode.APPROVAL_INVALID, approvalId, "the statement is not an ApprovalStatement");
        }
        VerifyingKey key = approvers.get(statement.getApproverId());
        if (key == null) {
            throw new Refusal(RefusalCode.UNKNOWN_APPROVER, approvalId, "'" + statement.getApproverId()
                    + "' is not an approver of domain " + settings.domain());
        }
        try {
            key.verify(SignaturePurpose.APPROVAL, request.getStatement().toByteArray(), request.getSignature().toByteArray());
        } catch (ProtocolException e) {
            throw new Refusal(RefusalCode.APPROVAL_INVALID, approvalId, "the approver's signature does not hold: " + e.detail());
        }
        if (!statement.getDomain().equals(settings.domain()) || !statement.getProposalId().equals(approvalId)) {
            throw new Refusal(RefusalCode.APPROVAL_INVALID, approvalId, "the statement approves proposal "
                    + statement.getProposalId() + " of domain " + statement.getDomain() + ", not this one");
        }
        return statement;
    }

    private CompletionStage<ProposalResponse> approvePending(String approvalId, String region, ApprovalStatement statement,
                                                             ApprovalRequest request, ApprovalEntity.Parked parked,
                                                             RevocationSnapshot revocations) {
        ActionProposal proposal;
        PolicyEpoch epoch;
        List<DriftPredicate> drift = new ArrayList<>();
        try {
            proposal = ActionProposal.parseFrom(parked.proposal());
            epoch = PolicyEpoch.parseFrom(parked.policyEpoch());
            for (byte[] d : parked.drift()) {
                drift.add(DriftPredicate.parseFrom(d));
            }
        } catch (InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("a parked proposal is unreadable", e));
        }
        if (!Arrays.equals(statement.getProposalHash().toByteArray(), parked.proposalHash())) {
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.APPROVAL_INVALID, approvalId,
                    "the statement's proposal hash is not the hash of the parked proposal"));
        }
        if (revocations.agents().contains(proposal.getAgentId())) {
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.REVOKED, approvalId,
                    "agent " + proposal.getAgentId() + " was revoked while the proposal waited"));
        }
        Instant now = clock.instant();
        DecisionRecord approval = DecisionRecord.newBuilder()
                .setDomain(settings.domain())
                .setProposalId(approvalId)
                .setProposalHash(ByteString.copyFrom(parked.proposalHash()))
                .setAgentId(proposal.getAgentId())
                .setDecision(DecisionRecord.Decision.ALLOW)
                .addReasons(Reason.newBuilder().setCode(APPROVED_BY_PERSON)
                        .setDetail("approved by " + statement.getApproverId()))
                .setPolicyEpoch(epoch)
                .setDecidedAtMillis(now.toEpochMilli())
                .setNodeId(settings.nodeId())
                .setApproverId(statement.getApproverId())
                .setApproval(request.getStatement())
                .setApprovalSignature(request.getSignature())
                .build();
        byte[] approvalBytes = approval.toByteArray();
        String jti = UUID.randomUUID().toString();
        Minting.Minted minted = Minting.mint(issuer, settings.domain(), partners.redeemDomain(proposal), jti, proposal,
                parked.proposalHash(),
                Hashes.sha256(approvalBytes), epoch, Duration.ofSeconds(parked.windowSeconds()), drift,
                revocations.epoch(), now);
        return Continuations.on(continuations, entity(approvalId, region)
                .<ApprovalEntity.Answer>ask(reply -> ApprovalEntity.RecordApproval.sealedBy(seals,
                        settings.regions().entityId(approvalId, region), statement.getApproverId(), now.toEpochMilli(), jti,
                        minted.issuance(), approvalBytes, reply), settings.askTimeout()))
                .thenCompose(answer -> answer.status() == ApprovalEntity.Status.APPROVED
                        ? answered(approvalId, answer)
                        : CompletableFuture.failedFuture(new Refusal(RefusalCode.NOT_PENDING, approvalId,
                                "proposal " + approvalId + " is " + answer.status() + ", not waiting for approval")));
    }

    /** The writ of an approved proposal; its APPROVAL and ISSUANCE evidence is written if not yet durable. */
    private CompletionStage<ProposalResponse> answered(String approvalId, ApprovalEntity.Answer answer) {
        WritIssuance issuance;
        DecisionRecord approval;
        try {
            issuance = WritIssuance.parseFrom(answer.issuance());
            approval = DecisionRecord.parseFrom(answer.approvalDecision());
        } catch (InvalidProtocolBufferException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("an approval record is unreadable", e));
        }
        ProposalResponse response = ProposalResponse.newBuilder()
                .setProposalId(approvalId)
                .setDecision(DecisionRecord.Decision.ALLOW)
                .addAllReasons(approval.getReasonsList())
                .setPolicyEpoch(approval.getPolicyEpoch())
                .setDecisionRecord(ByteString.copyFrom(answer.approvalDecision()))
                .setWrit(issuance.getWrit())
                .setContract(issuance.getContract())
                .setJti(answer.jti())
                .build();
        return CompletableFuture.supplyAsync(() -> store.story(settings.domain(), answer.jti()), blocking)
                .thenCompose(story -> {
                    boolean recorded = story.stream().anyMatch(r -> r.kind() == EvidenceKind.ISSUANCE);
                    if (recorded) {
                        return CompletableFuture.completedFuture(response);
                    }
                    return evidence.append(answer.jti(), List.of(
                                    new EvidenceLog.Entry(EvidenceKind.APPROVAL, approvalId, answer.approvalDecision()),
                                    new EvidenceLog.Entry(EvidenceKind.ISSUANCE, answer.jti(), answer.issuance())))
                            .handle((records, failure) -> {
                                if (failure != null) {
                                    throw new CompletionException(new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE, approvalId,
                                            "the approval could not be made durable; retry it: "
                                                    + Failures.root(failure).getMessage()));
                                }
                                return response;
                            });
                });
    }

    /** The approval {@code approvalId} as parked in {@code region}. */
    private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<ApprovalEntity.Command> entity(String approvalId,
                                                                                                     String region) {
        Regions regions = settings.regions();
        return sharding.entityRefFor(ApprovalEntity.typeKey(regions, region), regions.entityId(approvalId, region));
    }
}
