package dev.writ.node.admission;

import com.google.protobuf.ByteString;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.EvidenceUnavailableException;
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
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Admission (`POST /v1/proposals`): well-formed and fresh → revocations fresh → identity (agent
 * certificate, signature, both revocation paths: {@link AgentAuthentication}) → policy → the
 * proposal id's claim → budgets → contract and writ → evidence. Every ALLOW, DENY and ESCALATE is
 * answered only after its PROPOSAL and DECISION records (and ISSUANCE, for an ALLOW) are durable,
 * all in one evidence append: one durable write per action, grouped with other actions under load
 * (invariant 3).
 *
 * <p>A proposal id is decided once per agent in the domain ({@link ProposalClaims}): a copy of a
 * decided proposal gets the first answer back from its evidence ({@link ProposalRetries}), so
 * sending a signed proposal again mints no second writ and charges no budget again.
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
    private final ProposalClaims claims;
    private final EvidenceStore store;
    private final Executor blocking;
    private final Executor continuations;

    public AdmissionService(NodeSettings settings, Clock clock, HealthState health, RevocationState revocations,
                            PartnerDomains partners, PolicySource policy, AgentAuthentication identity, Budgets budgets,
                            Approvals approvals, WritIssuer issuer, EvidenceLog evidence, Contracts contracts,
                            NodeMetrics metrics, ProposalClaims claims, EvidenceStore store, Executor blocking,
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
        this.claims = claims;
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
        return claim(proposal, proposalHash).thenCompose(claim -> {
            if (claim instanceof ProposalClaims.Held first) {
                return retried(proposal, proposalHash, first);
            }
            ProposalClaims.Won won = (ProposalClaims.Won) claim;
            CompletionStage<Budgets.Budgeted> charged = evaluated.decision() == Decision.DENY
                    ? CompletableFuture.completedFuture(Budgets.Budgeted.nothing(evaluated))
                    : budgets.reserve(evaluated, id).exceptionallyCompose(failure -> released(proposal, won, failure));
            return charged.thenCompose(decided -> record(proposal, proposalBytes, proposalHash, decided,
                            revocations.epoch(), now, won))
                    .whenComplete((response, failure) -> {
                        if (response != null) {
                            metrics.admitted(response.getDecision().name(), System.nanoTime() - started);
                        }
                    });
        });
    }

    /**
     * Claims the proposal id for this proposal before anything is charged or minted: one durable
     * insert, on the blocking dispatcher. Only an authenticated proposal claims, so nobody can spend
     * an agent's ids but the agent. The decision goes on on the thread that claimed (CPU only, until
     * the evidence append hands it to a lane): handing it back to another thread cost a wake-up per
     * admission and bought nothing (D68).
     */
    private CompletionStage<ProposalClaims.Claim> claim(ActionProposal proposal, byte[] proposalHash) {
        String id = proposal.getProposalId();
        String admissionId = UUID.randomUUID().toString();
        long claimedAt = clock.millis();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return claims.claim(proposal.getAgentId(), id, proposalHash, admissionId, claimedAt);
            } catch (SQLException e) {
                throw new CompletionException(new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE, id, "the claim of proposal "
                        + id + " could not be written, so nothing was decided: " + e.getMessage()));
            }
        }, blocking);
    }

    /**
     * The budgets decided nothing (BUDGET_UNAVAILABLE, their charges given back): the claim is given
     * up before the refusal is answered, so the agent's retry with the same id is decided afresh.
     */
    private <T> CompletionStage<T> released(ActionProposal proposal, ProposalClaims.Won won, Throwable failure) {
        return Continuations.on(continuations, CompletableFuture.supplyAsync(() -> {
            claims.release(proposal.getAgentId(), proposal.getProposalId(), won.admissionId());
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        }, blocking));
    }

    /** A copy of a proposal whose id an earlier arrival claimed: that arrival's answer, or why not. */
    private CompletionStage<ProposalResponse> retried(ActionProposal proposal, byte[] proposalHash,
                                                      ProposalClaims.Held first) {
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

    private CompletionStage<ProposalResponse> record(ActionProposal proposal, byte[] proposalBytes, byte[] proposalHash,
                                                     Budgets.Budgeted budgeted, long revocationEpoch, Instant now,
                                                     ProposalClaims.Won claim) {
        String id = proposal.getProposalId();
        Evaluation evaluation = budgeted.evaluation();
        try {
            ProposalRetries.requireWithinDeadline(id, claim, clock.millis(), settings.admission().decisionDeadline());
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        }
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
                .addAllCharges(budgeted.draws())
                .build();
        byte[] decisionBytes = decision.toByteArray();
        List<EvidenceLog.Entry> entries = new ArrayList<>(3);
        entries.add(new EvidenceLog.Entry(EvidenceKind.PROPOSAL, id, proposalBytes));
        entries.add(new EvidenceLog.Entry(EvidenceKind.DECISION, id, decisionBytes));
        ProposalResponse.Builder response = ProposalResponse.newBuilder()
                .setProposalId(id)
                .setDecision(evaluation.decision())
                .addAllReasons(evaluation.reasons())
                .setPolicyEpoch(evaluation.epoch())
                .setDecisionRecord(ByteString.copyFrom(decisionBytes));
        switch (evaluation.decision()) {
            case ALLOW -> {
                // The admission's id is the writ's: a copy of the proposal finds the ISSUANCE under it.
                String jti = claim.admissionId();
                Minting.Minted minted = Minting.mint(issuer, settings.domain(), partners.redeemDomain(proposal), jti, proposal,
                        proposalHash,
                        Hashes.sha256(decisionBytes), evaluation.epoch(), evaluation.window(), evaluation.drift(),
                        revocationEpoch, now);
                entries.add(new EvidenceLog.Entry(EvidenceKind.ISSUANCE, jti, minted.issuance()));
                response.setJti(jti).setWrit(minted.writ().compact()).setContract(ByteString.copyFrom(minted.contract()));
                return append(jti, id, entries).thenApply(done -> {
                    // A redemption through this node then needs no read of the ISSUANCE record.
                    contracts.remember(jti, WritIssuance.newBuilder().setContract(ByteString.copyFrom(minted.contract()))
                            .setWrit(minted.writ().compact()).build());
                    return response.build();
                });
            }
            case ESCALATE -> {
                response.setApprovalId(id);
                return approvals.park(proposal, proposalBytes, proposalHash, decisionBytes, evaluation, now)
                        .thenCompose(parked -> append(id, id, entries))
                        .thenApply(done -> response.build());
            }
            default -> {
                return append(id, id, entries).thenApply(done -> response.build());
            }
        }
    }

    private CompletionStage<Void> append(String story, String subject, List<EvidenceLog.Entry> entries) {
        return evidence.append(story, entries)
                .handle((records, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE,
                                subject, "the decision could not be made durable, so it was not given: "
                                + Failures.root(failure).getMessage()));
                    }
                    return null;
                });
    }
}
