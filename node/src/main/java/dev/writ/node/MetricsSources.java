package dev.writ.node;

import dev.writ.contracts.anchor.ChainStatus;
import dev.writ.node.anchoring.Anchoring;
import dev.writ.node.anchoring.ChainAnchoring;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.budget.BudgetEscrow;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.metrics.StateMetrics;
import dev.writ.node.revocation.RevocationState;
import dev.writ.protocol.wire.DomainContinuity;
import dev.writ.reconciliation.ContinuityCode;
import dev.writ.reconciliation.DomainView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Where each state family of the metrics reads its values (docs/operating.md): the wiring between
 * the node's live objects and {@link StateMetrics}, which knows none of them. Only {@code Node.start}
 * calls it; nothing here computes what the objects do not already hold.
 */
final class MetricsSources {
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
            for (BudgetEscrow.Holding h : escrow.holdings()) {
                byKind.merge(h.kind().name(), new StateMetrics.Held(h.kind().name(), 1, h.available().doubleValue()),
                        (a, b) -> new StateMetrics.Held(a.kind(), a.budgets() + b.budgets(), a.available() + b.available()));
            }
            return List.copyOf(byKind.values());
        }, escrow::refusals);
    }

    static void revocations(StateMetrics metrics, RevocationState revocations, Clock clock) {
        metrics.watchRevocations(revocations::ledgerEpoch, () -> revocations.current().epoch(),
                () -> clock.millis() - revocations.current().confirmedAtMillis());
    }

    /** Partner domains named in writ.exchange.partners only: a domain name heard from the network is no label. */
    static void partners(StateMetrics metrics, PartnerDomains partners) {
        Set<String> configured = partners.settings().partners();
        List<String> verdicts = new ArrayList<>(List.of("ACCEPT"));
        Arrays.stream(ContinuityCode.values()).map(Enum::name).forEach(verdicts::add);
        Supplier<List<StateMetrics.Partner>> now = () -> partners.continuity().stream()
                .filter(c -> configured.contains(c.getDomain()))
                .map(c -> partner(c, partners.view(c.getDomain()).map(DomainView::equivocating).orElse(false))).toList();
        metrics.watchPartners(now, List.copyOf(verdicts));
    }

    private static StateMetrics.Partner partner(DomainContinuity c, boolean equivocating) {
        return new StateMetrics.Partner(c.getDomain(), c.getVerdict(),
                c.getBeaconAgeMillis() < 0 ? Optional.empty() : Optional.of(c.getBeaconAgeMillis() / 1000.0),
                equivocating, c.getRevocationEpoch());
    }

    static void anchoring(StateMetrics metrics, Anchoring anchoring, Optional<ChainAnchoring> chain, Clock clock) {
        metrics.watchSealing(anchoring::unsealedRecords, anchoring::sealedAgeMillis);
        chain.ifPresent(c -> metrics.watchChain(
                () -> c.status().outbox() == null ? -1 : c.status().outbox().open(),
                () -> {
                    ChainStatus s = c.status();
                    return s.outbox() == null || s.outbox().oldestOpenQueuedAt() < 0 ? 0
                            : clock.millis() - s.outbox().oldestOpenQueuedAt();
                },
                () -> c.status().outbox() == null ? -1 : c.status().outbox().lastConfirmedBatch(),
                () -> c.status().head().number(),
                () -> c.status().reasons().stream().collect(Collectors.toMap(ChainStatus.Reason::code,
                        r -> r.level().name(), (a, b) -> a))));
    }

    static ChainAnchoring.Confirmed confirmations(StateMetrics metrics) {
        return (delayMillis, gas, feeWei) -> metrics.anchorConfirmed(delayMillis, gas, feeWei.doubleValue());
    }

    static void evidence(StateMetrics metrics, EvidenceLog log) {
        metrics.watchEvidence(log::laneDepths, () -> log.stats().recordsWritten(), () -> log.stats().batchesWritten(),
                () -> log.stats().failedBatches(), () -> log.stats().commitNanos(), () -> log.stats().lastBatchRecords());
    }
}
