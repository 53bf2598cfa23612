package dev.writ.node.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The families that describe the node's state rather than its requests: budgets, revocations,
 * partner domains, anchoring and evidence lanes. Gauges are read at scrape time through the
 * suppliers {@code Node.start} hands over (this package knows none of the node's other packages, so
 * every pipeline can report here without a cycle); counters and histograms are fed at the edge
 * where the event happens. Each label value comes from code or configuration (docs/operating.md).
 */
public final class StateMetrics {
    /** Seconds, for what crosses nodes, the database or the chain: tens of milliseconds to minutes. */
    private static final double[] PROPAGATION_BOUNDS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    /** The answers a slice request can get; each has a series from the start. */
    private static final List<String> SLICE_ANSWERS = List.of("granted", "exhausted", "failed");

    private final PrometheusRegistry registry;
    private final Counter sliceAnswers;
    private final Histogram revocationPropagation;
    private final Histogram confirmationDelay;
    private final Counter gasUsed;
    private final Counter feesWei;

    /** One partner domain as this node holds it; {@code beaconAgeSeconds} is +Inf before its first beacon. */
    public record Partner(String domain, String verdict, double beaconAgeSeconds, boolean equivocating,
                          long revocationEpoch) {
    }

    /** What this node holds of budgets of one kind (RATE, SPEND): how many budgets, and how much is left in their slices. */
    public record Held(String kind, long budgets, double available) {
    }

    StateMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        sliceAnswers = Counter.builder().name("writ_budget_slice_requests_total")
                .help("Slices this node asked budget owners for, by answer (granted, exhausted, failed)")
                .labelNames("answer").withoutExemplars().register(registry);
        SLICE_ANSWERS.forEach(sliceAnswers::labelValues);
        revocationPropagation = Histogram.builder().name("writ_revocation_propagation_seconds")
                .help("A revocation entry appended to the ledger (its revoked_at, the revoking node's clock) to this"
                        + " node's view holding it").classicOnly().classicUpperBounds(PROPAGATION_BOUNDS)
                .withoutExemplars().register(registry);
        confirmationDelay = Histogram.builder().name("writ_anchor_confirmation_delay_seconds")
                .help("An anchor batch queued in the outbox to confirmed on chain (counted where the submitter runs)")
                .classicOnly().classicUpperBounds(PROPAGATION_BOUNDS).withoutExemplars().register(registry);
        gasUsed = Counter.builder().name("writ_anchor_gas_used_total")
                .help("Gas of the confirmed anchoring transactions (counted where the submitter runs)")
                .withoutExemplars().register(registry);
        feesWei = Counter.builder().name("writ_anchor_fees_wei_total")
                .help("Fees paid for the confirmed anchoring transactions, in wei (gas used x effective gas price)")
                .withoutExemplars().register(registry);
    }

    // Budgets (docs/architecture.md, budgets): the escrow of slices at this node.

    /** A slice request's answer: granted, exhausted or failed. */
    public void sliceAnswered(String answer) {
        if (!SLICE_ANSWERS.contains(answer)) {
            throw new IllegalArgumentException("a slice request is answered " + SLICE_ANSWERS + ", not " + answer);
        }
        sliceAnswers.labelValues(answer).inc();
    }

    public void watchBudgets(Supplier<List<Held>> held, Supplier<Map<String, Long>> refusalsByCode) {
        GaugeWithCallback.builder().name("writ_budget_slices_held")
                .help("Budgets (per period) of which this node holds a slice, by kind").labelNames("kind")
                .callback(cb -> held.get().forEach(h -> cb.call(h.budgets(), h.kind()))).register(registry);
        GaugeWithCallback.builder().name("writ_budget_slice_available")
                .help("What is left in this node's slices, by kind: admissions (RATE) or amount (SPEND)")
                .labelNames("kind")
                .callback(cb -> held.get().forEach(h -> cb.call(h.available(), h.kind()))).register(registry);
        CounterWithCallback.builder().name("writ_budget_refusals_total")
                .help("Charges the escrow refused, by reason code (RATE_LIMIT_EXCEEDED, SPEND_BUDGET_EXCEEDED,"
                        + " BUDGET_UNAVAILABLE)").labelNames("code")
                .callback(cb -> refusalsByCode.get().forEach((code, n) -> cb.call(n, code))).register(registry);
    }

    /**
     * Commands to this node's entities that no node of its domain sealed, dropped: by entity type, one
     * series for each of {@code entityTypes} from the start.
     */
    public void watchMemberCommands(List<String> entityTypes, Supplier<Map<String, Long>> refusedByEntityType) {
        CounterWithCallback.builder().name("writ_member_commands_refused_total")
                .help("Commands to this node's sharded entities dropped because no node of its domain sealed them"
                        + " (a member of another domain, or a key not in the domain's key directory), by entity type")
                .labelNames("entity")
                .callback(cb -> {
                    Map<String, Long> refused = refusedByEntityType.get();
                    entityTypes.forEach(type -> cb.call(refused.getOrDefault(type, 0L), type));
                }).register(registry);
    }

    /**
     * Shard regions of other data centers that this node's shard coordinators ignored, by entity type:
     * one series for each fenced type from the start (docs/trust-model.md, "Known gaps", 5).
     */
    public void watchForeignShardRegions(Supplier<Map<String, Long>> foreignByEntityType) {
        CounterWithCallback.builder().name("writ_foreign_shard_regions_total")
                .help("Shard regions a member of another domain registered with a shard coordinator on this node,"
                        + " never allotted a shard: each counted once while registered, by entity type")
                .labelNames("entity")
                .callback(cb -> foreignByEntityType.get().forEach((type, n) -> cb.call(n, type))).register(registry);
    }

    /**
     * Requests to hand over a singleton this node runs, ignored: the oldest member of a data center
     * never hands over on request (docs/trust-model.md, "Between cluster members").
     */
    public void watchRefusedHandOvers(LongSupplier refused) {
        CounterWithCallback.builder().name("writ_singleton_handovers_refused_total")
                .help("Requests to hand over a cluster singleton this node runs as its data center's oldest member,"
                        + " ignored (a member, possibly another domain's, sent one by the manager's path)")
                .callback(cb -> cb.call(refused.getAsLong())).register(registry);
    }

    /** Members of this node's domain marked Down while reachable: not its split-brain resolver's decision. */
    public void watchUnexplainedDowns(LongSupplier downs) {
        CounterWithCallback.builder().name("writ_member_downs_unexplained_total")
                .help("Members of this node's domain marked Down while reachable, which this domain's split-brain"
                        + " resolver never does: another member (possibly another domain's), an operator's tool or"
                        + " member certification did it")
                .callback(cb -> cb.call(downs.getAsLong())).register(registry);
    }

    // Revocations (invariant 6): the ledger, this node's view of it, and how fast entries reach the view.

    public void revocationSeen(double seconds) {
        revocationPropagation.observe(Math.max(0, seconds));
    }

    public void watchRevocations(LongSupplier ledgerEpoch, LongSupplier viewEpoch, LongSupplier confirmedAgeMillis) {
        gauge("writ_revocation_ledger_epoch", "The newest revocation epoch this node has read from its domain's ledger",
                ledgerEpoch);
        gauge("writ_revocation_view_epoch", "The revocation epoch this node's view holds and checks against", viewEpoch);
        GaugeWithCallback.builder().name("writ_revocation_confirmed_age_seconds")
                .help("Since the ledger last confirmed this node's view (refusals begin past writ.revocations.staleness-bound)")
                .callback(cb -> cb.call(confirmedAgeMillis.getAsLong() / 1000.0)).register(registry);
    }

    // Partner domains (docs/sources.md, proof exchange): continuity, beacons, equivocation.

    /** @param verdicts every verdict a partner can have (ACCEPT and the continuity codes), so each has a series */
    public void watchPartners(Supplier<List<Partner>> partners, List<String> verdicts) {
        GaugeWithCallback.builder().name("writ_partner_continuity")
                .help("1 for each partner domain's verdict now (ACCEPT, CONTINUITY_GAP, EPOCH_STALE, EQUIVOCATION,"
                        + " ENVELOPE_INVALID; NOT_A_PARTNER is never 1: a domain off the list has no series), 0 for the others").labelNames("domain", "verdict")
                .callback(cb -> partners.get().forEach(p -> verdicts.forEach(v ->
                        cb.call(v.equals(p.verdict()) ? 1 : 0, p.domain(), v)))).register(registry);
        GaugeWithCallback.builder().name("writ_partner_beacon_age_seconds")
                .help("Since each partner domain's latest beacon arrived (+Inf before the first)")
                .labelNames("domain")
                .callback(cb -> partners.get().forEach(p -> cb.call(p.beaconAgeSeconds(), p.domain())))
                .register(registry);
        GaugeWithCallback.builder().name("writ_partner_equivocating")
                .help("1 while a partner domain is held equivocating (until an operator's resolution)")
                .labelNames("domain")
                .callback(cb -> partners.get().forEach(p -> cb.call(p.equivocating() ? 1 : 0, p.domain())))
                .register(registry);
        GaugeWithCallback.builder().name("writ_partner_revocation_epoch")
                .help("The revocation epoch of each partner domain this node holds every entry up to")
                .labelNames("domain")
                .callback(cb -> partners.get().forEach(p -> cb.call(p.revocationEpoch(), p.domain()))).register(registry);
    }

    // Anchoring: sealing into batches, the outbox, the chain.

    /** A batch confirmed on chain {@code delayMillis} after it was queued, for {@code gas} at {@code feeWei} in all. */
    public void anchorConfirmed(long delayMillis, long gas, double feeWei) {
        confirmationDelay.observe(Math.max(0, delayMillis) / 1000.0);
        gasUsed.inc(gas);
        feesWei.inc(feeWei);
    }

    /**
     * What only the domain's singletons know, so only the node hosting them has a series (-1
     * elsewhere): records durable and not yet sealed, since the anchorer last sealed a batch, since
     * the submitter last saw one confirmed.
     */
    public void watchSingletons(LongSupplier unsealedRecords, LongSupplier sealedAgeMillis, LongSupplier confirmedAgeMillis) {
        known("writ_anchor_unsealed_records",
                "Evidence records durable and not yet sealed into an anchor batch (where the anchorer runs)", unsealedRecords, 1);
        known("writ_anchor_last_sealed_age_seconds", "Since the anchorer last sealed a batch (where the anchorer runs)",
                sealedAgeMillis, 1000);
        known("writ_anchor_last_confirmed_age_seconds",
                "Since the submitter last saw a batch confirmed on chain (where the submitter runs)", confirmedAgeMillis, 1000);
    }

    /** A gauge of {@code value / divisor}, with no series while the value is unknown (negative). */
    private void known(String name, String help, LongSupplier value, double divisor) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            long v = value.getAsLong();
            if (v >= 0) {
                cb.call(v / divisor);
            }
        }).register(registry);
    }

    /**
     * The chain probe's last verdict: open batches, the oldest one's age, the newest confirmed, the
     * head (-1 while unknown), and each reason by its stable code with its level (1 DEGRADED, 2
     * FAILED); every one of {@code knownCodes} has a series, 0 while the probe does not give it.
     */
    public void watchChain(LongSupplier openBatches, LongSupplier oldestOpenAgeMillis, LongSupplier lastConfirmedBatch,
                           LongSupplier headBlock, Supplier<Map<String, Integer>> reasonLevels, List<String> knownCodes) {
        gauge("writ_anchor_queue_depth", "Sealed anchor batches not yet confirmed on chain (outbox rows QUEUED, SENT or MINED)",
                openBatches);
        GaugeWithCallback.builder().name("writ_anchor_oldest_open_age_seconds")
                .help("Since the oldest batch not yet confirmed on chain was queued (0 when none is open)")
                .callback(cb -> cb.call(Math.max(0, oldestOpenAgeMillis.getAsLong()) / 1000.0)).register(registry);
        gauge("writ_anchor_last_confirmed_batch", "Number of the newest anchor batch confirmed on chain", lastConfirmedBatch);
        gauge("writ_chain_head_block", "The newest chain block this node has seen", headBlock);
        GaugeWithCallback.builder().name("writ_chain_problem")
                .help("Each reason the chain probe can give, by stable code (CHAIN_UNREACHABLE, CHAIN_LAG, SEQUENCER_STALLED,"
                        + " ANCHOR_BACKLOG, OUTBOX_UNAVAILABLE, ANCHOR_FORK, ...): 0 absent now, 1 DEGRADED, 2 FAILED")
                .labelNames("code")
                .callback(cb -> {
                    Map<String, Integer> now = new TreeMap<>();
                    knownCodes.forEach(code -> now.put(code, 0));
                    reasonLevels.get().forEach((code, level) -> now.merge(code, level, Math::max));
                    now.forEach((code, level) -> cb.call(level, code));
                })
                .register(registry);
    }

    // Evidence lanes (invariant 3): what waits, and what commits.

    public void watchEvidence(Supplier<Map<String, Integer>> laneDepths, LongSupplier records, LongSupplier batches,
                              LongSupplier failures, LongSupplier commitNanos, LongSupplier lastBatchRecords) {
        GaugeWithCallback.builder().name("writ_evidence_lane_queue_depth")
                .help("Appends waiting on each evidence lane of this node").labelNames("lane")
                .callback(cb -> laneDepths.get().forEach((lane, depth) -> cb.call(depth, lane))).register(registry);
        counter("writ_evidence_records_written", "Evidence records made durable since start", records);
        counter("writ_evidence_batches_written",
                "Evidence transactions committed since start (records / batches = grouping under load)", batches);
        counter("writ_evidence_batch_failures", "Evidence transactions that failed (their actions were refused)", failures);
        CounterWithCallback.builder().name("writ_evidence_commit_seconds")
                .help("Time spent sealing and committing evidence transactions (divided by batches: mean commit latency)")
                .callback(cb -> cb.call(commitNanos.getAsLong() / 1e9)).register(registry);
        gauge("writ_evidence_last_batch_records", "Records in the newest committed evidence transaction", lastBatchRecords);
    }

    private void gauge(String name, String help, LongSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }

    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }
}
