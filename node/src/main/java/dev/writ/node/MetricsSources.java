package dev.writ.node;

import dev.writ.contracts.anchor.ChainHealth;
import dev.writ.contracts.anchor.ChainStatus;
import dev.writ.contracts.anchor.Submission;
import dev.writ.node.anchoring.Anchoring;
import dev.writ.node.anchoring.ChainAnchoring;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.budget.BudgetEscrow;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.metrics.StateMetrics;
import dev.writ.node.revocation.RevocationState;
import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import dev.writ.reconciliation.ContinuityCode;
import dev.writ.reconciliation.DomainView;
import dev.writ.reconciliation.Verdict;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Where each state family of the metrics reads its values (docs/operating.md): the wiring between
 * the node's live objects and {@link StateMetrics}, which knows none of them. Only {@code Node.start}
 * calls it; nothing here computes what the objects do not already hold.
 */
final class MetricsSources {
    /** The chain probe's and the submitter's stable codes: each has a series of writ_chain_problem from the start. */
    private static final List<String> CHAIN_CODES = List.of(ChainHealth.CHAIN_UNREACHABLE, ChainHealth.CHAIN_LAG,
            ChainHealth.SEQUENCER_STALLED, ChainHealth.ANCHOR_BACKLOG, ChainHealth.OUTBOX_UNAVAILABLE, Submission.FORK,
            Submission.CHAIN_BEHIND);
    /** The escrow's refusal codes (docs/architecture.md, budgets): each has a series from the start. */
    private static final List<String> BUDGET_CODES = List.of(ReasonCode.RATE_LIMIT_EXCEEDED.name(),
            ReasonCode.SPEND_BUDGET_EXCEEDED.name(), ReasonCode.BUDGET_UNAVAILABLE.name());

    private MetricsSources() {
    }

    /** The owner of budgets, its answers counted (granted, exhausted, failed). */
    static BudgetEscrow.Owner counted(BudgetEscrow.Owner owner, StateMetrics metrics) {
        return (charge, need, ask, nodes) -> owner.requestSlice(charge, need, ask, nodes).whenComplete((answer, failure) ->
                metrics.sliceAnswered(answer instanceof BudgetEntity.Slice ? "granted"
                        : answer instanceof BudgetEntity.Exhausted ? "exhausted" : "failed"));
    }

    static void budgets(StateMetrics metrics, BudgetEscrow escrow) {
        metrics.watchBudgets(() -> {
            Map<String, StateMetrics.Held> byKind = new TreeMap<>();
            for (BudgetCharge.Kind kind : BudgetCharge.Kind.values()) {
                byKind.put(kind.name(), new StateMetrics.Held(kind.name(), 0, 0));
            }
            for (BudgetEscrow.Holding h : escrow.holdings()) {
                byKind.merge(h.kind().name(), new StateMetrics.Held(h.kind().name(), 1, h.available().doubleValue()),
                        (a, b) -> new StateMetrics.Held(a.kind(), a.budgets() + b.budgets(), a.available() + b.available()));
            }
            return List.copyOf(byKind.values());
        }, () -> {
            Map<String, Long> counts = new TreeMap<>();
            BUDGET_CODES.forEach(code -> counts.put(code, 0L));
            counts.putAll(escrow.refusals());
            return counts;
        });
    }

    static void revocations(StateMetrics metrics, RevocationState revocations, Clock clock) {
        metrics.watchRevocations(revocations::ledgerEpoch, () -> revocations.current().epoch(),
                () -> clock.millis() - revocations.current().confirmedAtMillis());
    }

    /** Partner domains in the partner list now only (configuration or its file): a domain name heard from the network is no label. */
    static void partners(StateMetrics metrics, PartnerDomains partners, Clock clock) {
        List<String> verdicts = new ArrayList<>(List.of("ACCEPT"));
        Arrays.stream(ContinuityCode.values()).map(Enum::name).forEach(verdicts::add);
        metrics.watchPartners(() -> {
            long now = clock.millis();
            return partners.roster().partners().stream().sorted().map(d -> partner(d, partners.verdict(d, 0), partners.view(d), now)).toList();
        }, List.copyOf(verdicts));
    }

    /** A configured partner never heard from has no view: its verdict (CONTINUITY_GAP) and its beacon age (+Inf) say so. */
    private static StateMetrics.Partner partner(String domain, Verdict verdict, Optional<DomainView> view, long now) {
        return new StateMetrics.Partner(domain, verdict instanceof Verdict.Refuse r ? r.code().name() : "ACCEPT",
                view.flatMap(DomainView::beacon).map(b -> (now - b.receivedAtMillis()) / 1000.0).orElse(Double.POSITIVE_INFINITY),
                view.map(DomainView::equivocating).orElse(false), view.map(DomainView::revocationEpoch).orElse(0L));
    }

    /**
     * What the domain's anchoring singletons know where they run: the anchorer's backlog and last
     * seal, and the submitter's confirmations, counted by the listener answered here (for
     * {@link ChainAnchoring#start}), which also remembers when the last one was.
     */
    static ChainAnchoring.Confirmed anchoring(StateMetrics metrics, Anchoring anchoring, Clock clock) {
        AtomicLong lastConfirmed = new AtomicLong(-1);
        metrics.watchSingletons(anchoring::unsealedRecords, anchoring::sealedAgeMillis,
                () -> lastConfirmed.get() < 0 ? -1 : clock.millis() - lastConfirmed.get());
        return (delayMillis, gas, feeWei) -> {
            lastConfirmed.set(clock.millis());
            metrics.anchorConfirmed(delayMillis, gas, feeWei.doubleValue());
        };
    }

    /** The chain probe's last verdict on this node, when chain anchoring is on. */
    static void chain(StateMetrics metrics, Optional<ChainAnchoring> chain, Clock clock) {
        chain.ifPresent(c -> metrics.watchChain(
                () -> c.status().outbox() == null ? -1 : c.status().outbox().open(),
                () -> {
                    ChainStatus s = c.status();
                    return s.oldest().batchSeq() < 0 ? 0 : clock.millis() - s.oldest().seenAtMillis();
                },
                () -> c.status().outbox() == null ? -1 : c.status().outbox().lastConfirmedBatch(),
                () -> c.status().head().number(),
                () -> c.status().reasons().stream().collect(Collectors.toMap(ChainStatus.Reason::code,
                        r -> r.level().ordinal(), Math::max)),
                CHAIN_CODES));
    }

    static void evidence(StateMetrics metrics, EvidenceLog log) {
        metrics.watchEvidence(log::laneDepths, () -> log.stats().recordsWritten(), () -> log.stats().batchesWritten(),
                () -> log.stats().failedBatches(), () -> log.stats().commitNanos(), () -> log.stats().lastBatchRecords());
    }
}
