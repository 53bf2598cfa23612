package dev.writ.node.admission;

import com.google.protobuf.ByteString;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.EvidenceUnavailableException;
import dev.writ.node.evidence.ProposalClaim;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.health.HealthState;
import dev.writ.node.identity.AgentAuthentication;
import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.policy.PolicyUnavailableException;
import dev.writ.node.refusal.Failures;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.node.revocation.RevocationState;
import dev.writ.node.writs.Contracts;
import dev.writ.policy.Evaluation;
import dev.writ.policy.PolicyEvaluator;
import dev.writ.policy.PolicySnapshot;
import dev.writ.policy.ReasonCode;
import dev.writ.protocol.Canonical;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.WritIssuance;
import dev.writ.protocol.writ.WritIssuer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Admission (`POST /v1/proposals`): well-formed and fresh → revocations fresh → identity (agent
 * certificate, signature, both revocation paths: {@link AgentAuthentication}) → policy → budgets →
 * contract and writ → evidence with the proposal id's claim. Every ALLOW, DENY and ESCALATE is
 * answered only after its PROPOSAL and DECISION records (and ISSUANCE, for an ALLOW) are durable,
 * all in one evidence append that also claims the proposal id: one durable write per action,
 * grouped with other actions under load (invariant 3).
 *
 * <p>A proposal id is decided once per agent in the domain ({@link ProposalClaim}, in the
 * transaction of the decision's records): a copy that finds it claimed recorded nothing, gives its
 * budget charges back and gets the first answer from its evidence ({@link ProposalRetries}), so
 * sending a signed proposal again gives out no second writ and keeps no second charge.
 */
public final class AdmissionService {
    private final NodeSettings settings;
    private final Clock clock;
    private final HealthState health;
    private final RevocationState revocationState;
    private final PartnerDomains partners;
    private final PolicySource policySource;
    private final AgentAuthentication identity;
    private final Budgets budgets;
    private final Approvals approvals;
    private final WritIssuer issuer;
    private final EvidenceLog evidence;
    private final Contracts contracts;
    private final NodeMetrics metrics;
    private final ProposalFreshness freshness;
    private final EvidenceStore store;
    private final Executor blocking;
    private final Executor continuations;

    public AdmissionService(NodeSettings settings, Clock clock, HealthState health, RevocationState revocations,
                            PartnerDomains partners, PolicySource policy, AgentAuthentication identity, Budgets budgets,
                            Approvals approvals, WritIssuer issuer, EvidenceLog evidence, Contracts contracts,
                            NodeMetrics metrics, EvidenceStore store, Executor blocking,
                            Executor continuations) {
        this.settings = settings;
        this.clock = clock;
        this.health = health;
        this.revocationState = revocations;
        this.partners = partners;
        this.policySource = policy;
        this.identity = identity;
        this.budgets = budgets;
        this.approvals = approvals;
        this.issuer = issuer;
        this.evidence = evidence;
        this.contracts = contracts;
        this.metrics = metrics;
        this.freshness = new ProposalFreshness(settings.admission().proposalMaxAge(),
                settings.admission().proposalClockSkew());
        this.store = store;
        this.blocking = blocking;
        this.continuations = continuations;
    }

    /**
     * @param presented the certificate chain the request's mutual-TLS connection presented, agent
     *                  certificate first; empty without one
     */
    public CompletionStage<ProposalResponse> propose(ActionProposal proposal, List<byte[]> presented) {
        long started = System.nanoTime();
        String id = proposal.getProposalId();
        Instant now = clock.instant();
        PolicySnapshot policy;
        RevocationSnapshot revocations;
        try {
            ProposalValidation.requireWellFormed(proposal, settings.domain());
            freshness.require(proposal, now);
            health.requireServing(id);
            revocations = revocationState.requireFresh(id);
            partners.requireContinuity(partners.redeemDomain(proposal), 0, id);
            policy = policySource.current();
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        } catch (PolicyUnavailableException e) {
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.POLICY_UNAVAILABLE, id, e.getMessage()));
        }
        return identity.authenticate(proposal, presented, revocations, now)
                .thenCompose(authenticated -> decide(authenticated, policy, revocations, now, started));
    }

    /** Steps 2 to 5, once the proposal's identity held (or, in optional mode, it carried none). */
    private CompletionStage<ProposalResponse> decide(ActionProposal proposal, PolicySnapshot policy,
                                                     RevocationSnapshot revocations, Instant now, long started) {
        String id = proposal.getProposalId();
        byte[] proposalBytes = Canonical.bytes(proposal);
        Evaluation evaluation = revocations.agents().contains(proposal.getAgentId())
                ? new Evaluation(Decision.DENY, List.of(ReasonCode.AGENT_REVOKED.reason("agent " + proposal.getAgentId()
                        + " is revoked (revocation epoch " + revocations.epoch() + ")")), Duration.ZERO, List.of(), List.of(),
                        policy.epoch())
                : PolicyEvaluator.evaluate(policy, proposal, now);
        if (evaluation.codes().equals(List.of(ReasonCode.NO_POLICY_FOR_AGENT.name()))) {
            // Step 1 of the life of an action fails before policy does: an agent no rule knows is an
            // identity refusal (UNKNOWN_AGENT, with a REFUSAL record), not a policy decision.
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.UNKNOWN_AGENT, id, "no rule of policy v"
                    + policy.set().version() + " knows agent " + proposal.getAgentId()));
        }
        // the policy's risk for the action, or the agent's when it reports more: never the agent's say-so alone
        Evaluation evaluated = DegradedAdmission.apply(evaluation, health.get(),
                PolicyEvaluator.assessedRisk(policy.set(), proposal), settings.degradedEscalateRiskAtLeast());
        // The hash of the bytes identity verified and evidence records: an identical copy has the same.
        byte[] proposalHash = Hashes.sha256(proposalBytes);
        CompletionStage<Budgets.Budgeted> charged = evaluated.decision() == Decision.DENY
                ? CompletableFuture.completedFuture(Budgets.Budgeted.nothing(evaluated))
                : budgets.reserve(evaluated, id);
        return charged.thenCompose(decided -> record(new Admission(proposal, proposalBytes, proposalHash, decided,
                UUID.randomUUID().toString(), started), revocations.epoch(), now));
    }

    /** A copy of a proposal whose id another admission decided first: that admission's answer, or why not. */
    private CompletionStage<ProposalResponse> retried(ActionProposal proposal, byte[] proposalHash, ProposalClaim first) {
        String id = proposal.getProposalId();
        try {
            ProposalRetries.requireSameProposal(id, proposal.getAgentId(), proposalHash, first);
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        }
        return Continuations.on(continuations, CompletableFuture.supplyAsync(() -> {
            try {
                List<StoredRecord> records = new ArrayList<>(store.story(settings.domain(), first.admissionId()));
                records.addAll(store.story(settings.domain(), id));
                return ProposalRetries.answer(id, first, ProposalRetries.decided(id, first, records), clock.millis(),
                        settings.admission().decisionDeadline());
            } catch (EvidenceUnavailableException e) {
                throw new CompletionException(new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE, id, "the answer to proposal "
                        + id + " cannot be read now; retry with the same id: " + e.getMessage()));
            } catch (Refusal r) {
                throw new CompletionException(r);
            }
        }, blocking));
    }

    /**
     * Records the decision and answers it: the proposal id's claim, the PROPOSAL and DECISION records
     * (and ISSUANCE, for an ALLOW) in one evidence append, so in one transaction of a group commit.
     * The first admission of the id to commit holds it; a copy that finds it held recorded nothing,
     * gives back its budget charges and answers what the first decided ({@link #retried}).
     */
    private CompletionStage<ProposalResponse> record(Admission admission, long revocationEpoch, Instant now) {
        ActionProposal proposal = admission.proposal();
        byte[] proposalHash = admission.proposalHash();
        String id = proposal.getProposalId();
        Evaluation evaluation = admission.budgeted().evaluation();
        String admissionId = admission.id();
        DecisionRecord decision = DecisionRecord.newBuilder()
                .setDomain(settings.domain())
                .setProposalId(id)
                .setProposalHash(ByteString.copyFrom(proposalHash))
                .setAgentId(proposal.getAgentId())
                .setDecision(evaluation.decision())
                .addAllReasons(evaluation.reasons())
                .setPolicyEpoch(evaluation.epoch())
                .setDecidedAtMillis(now.toEpochMilli())
                .setNodeId(settings.nodeId())
                .addAllCharges(admission.budgeted().draws())
                .build();
        byte[] decisionBytes = decision.toByteArray();
        ProposalResponse.Builder response = ProposalResponse.newBuilder()
                .setProposalId(id)
                .setDecision(evaluation.decision())
                .addAllReasons(evaluation.reasons())
                .setPolicyEpoch(evaluation.epoch());
        return switch (evaluation.decision()) {
            case ALLOW -> {
                Minting.Minted minted = Minting.mint(issuer, settings.domain(), partners.redeemDomain(proposal), admissionId,
                        proposal, proposalHash, Hashes.sha256(decisionBytes), evaluation.epoch(), evaluation.window(),
                        evaluation.drift(), revocationEpoch, now);
                response.setJti(admissionId).setWrit(minted.writ().compact())
                        .setContract(ByteString.copyFrom(minted.contract()));
                yield append(admission, admissionId, decisionBytes, decisionBytes,
                        new EvidenceLog.Entry(EvidenceKind.ISSUANCE, admissionId, minted.issuance()), response, () ->
                        // A redemption through this node then needs no read of the ISSUANCE record.
                        contracts.remember(admissionId, WritIssuance.newBuilder()
                                .setContract(ByteString.copyFrom(minted.contract()))
                                .setWrit(minted.writ().compact()).build()));
            }
            case ESCALATE -> {
                response.setApprovalId(id);
                // Copies of a proposal park it in one entity, the first's parking kept: its DECISION is
                // the one recorded, whichever copy's append wins the claim, so the approval and the
                // evidence speak of the same decision (and of the same copy's budget charges).
                yield approvals.park(proposal, admission.proposalBytes(), proposalHash, decisionBytes, evaluation, now)
                        .whenComplete((parked, failure) -> {
                            if (refusedAs(failure, RefusalCode.DUPLICATE_PROPOSAL)) {
                                // other content is parked under the id: this decision is never recorded
                                budgets.giveBack(admission.budgeted());
                            }
                        })
                        .thenCompose(parked -> append(admission, id, parked.parked().decision(), decisionBytes, null,
                                response, () -> { }));
            }
            default -> append(admission, id, decisionBytes, decisionBytes, null, response, () -> { });
        };
    }

    /**
     * Appends the proposal's claim with its PROPOSAL and DECISION ({@code decisionBytes}) records
     * (and {@code issuance}, when not null) and answers {@code response} once they are durable; a
     * copy that lost the claim answers what the first decided, and only a winner counts as admitted.
     * The budget charges kept are the ones the recorded DECISION names: this admission gives its own
     * back once it knows that DECISION is not {@code ownDecision} (another copy's was recorded).
     */
    private CompletionStage<ProposalResponse> append(Admission admission, String story, byte[] decisionBytes,
                                                     byte[] ownDecision, EvidenceLog.Entry issuance,
                                                     ProposalResponse.Builder response, Runnable onWin) {
        ActionProposal proposal = admission.proposal();
        String id = proposal.getProposalId();
        List<EvidenceLog.Entry> entries = new ArrayList<>(3);
        entries.add(new EvidenceLog.Entry(EvidenceKind.PROPOSAL, id, admission.proposalBytes()));
        entries.add(new EvidenceLog.Entry(EvidenceKind.DECISION, id, decisionBytes));
        if (issuance != null) {
            entries.add(issuance);
        }
        ProposalClaim claim = new ProposalClaim(settings.domain(), proposal.getAgentId(), id, admission.proposalHash(),
                admission.id(), clock.millis());
        return evidence.appendClaimed(story, claim, entries)
                .handle((claimed, failure) -> {
                    if (failure != null) {
                        // Neither the claim nor the records committed (or, after a lost acknowledgement,
                        // both did): nothing is given, and a retry with the same id finds out which.
                        throw new CompletionException(new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE,
                                id, "the decision could not be made durable, so it was not given: "
                                + Failures.root(failure).getMessage()));
                    }
                    return claimed;
                })
                .thenCompose(claimed -> {
                    if (claimed instanceof EvidenceLog.Lost<ProposalClaim> lost) {
                        return retried(proposal, admission.proposalHash(), lost.held()).whenComplete((first, failure) -> {
                            // Given back only when the recorded decision is known not to be this one; an
                            // answer that could not be read keeps them (under-use, never over-use).
                            if (first != null ? !Arrays.equals(first.getDecisionRecord().toByteArray(), ownDecision)
                                    : refusedAs(failure, RefusalCode.DUPLICATE_PROPOSAL)) {
                                budgets.giveBack(admission.budgeted());
                            }
                        });
                    }
                    if (!Arrays.equals(decisionBytes, ownDecision)) {
                        budgets.giveBack(admission.budgeted()); // another copy's parked DECISION, with its charges
                    }
                    onWin.run();
                    metrics.admitted(response.getDecision().name(), System.nanoTime() - admission.started());
                    return CompletableFuture.completedFuture(response.setDecisionRecord(ByteString.copyFrom(decisionBytes))
                            .build());
                });
    }

    private static boolean refusedAs(Throwable failure, RefusalCode code) {
        return failure != null && Failures.root(failure) instanceof Refusal r && r.code() == code;
    }

    /**
     * One admission being decided: the proposal, its canonical bytes and their hash, what the
     * budgets took, and its id (an ALLOW's jti: a copy of the proposal finds the ISSUANCE under it).
     */
    private record Admission(ActionProposal proposal, byte[] proposalBytes, byte[] proposalHash,
                             Budgets.Budgeted budgeted, String id, long started) {
    }
}
