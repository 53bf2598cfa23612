package dev.writ.node.metrics;

import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The node's Prometheus metrics, in a registry of its own (several nodes may share a JVM in
 * tests). Names follow Prometheus conventions; the `code` label carries the stable refusal codes.
 */
public final class NodeMetrics {
    private static final double[] LATENCY_BOUNDS = {
            0.0005, 0.001, 0.002, 0.003, 0.005, 0.008, 0.013, 0.021, 0.034, 0.055, 0.089, 0.144, 0.233, 0.5, 1, 2.5, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter admissions;
    private final Histogram admissionSeconds;
    private final Counter redemptions;
    private final Histogram redemptionSeconds;
    private final Counter refusals;
    private final Map<String, Concurrency> concurrency = new ConcurrentSkipListMap<>();

    /** What a class of routes has admitted at once: its adaptive limit and its requests in flight. */
    private record Concurrency(IntSupplier limit, IntSupplier inFlight) {
    }

    public NodeMetrics() {
        admissions = Counter.builder().name("writ_admissions_total").help("Proposals decided, by decision")
                .labelNames("decision").withoutExemplars().register(registry);
        admissionSeconds = Histogram.builder().name("writ_admission_duration_seconds")
                .help("Proposal received to decision answered, evidence durable").classicOnly()
                .classicUpperBounds(LATENCY_BOUNDS).withoutExemplars().register(registry);
        redemptions = Counter.builder().name("writ_redemptions_total").help("Writs redeemed")
                .withoutExemplars().register(registry);
        redemptionSeconds = Histogram.builder().name("writ_redemption_duration_seconds")
                .help("Redemption received to receipt answered, single use and evidence durable").classicOnly()
                .classicUpperBounds(LATENCY_BOUNDS).withoutExemplars().register(registry);
        refusals = Counter.builder().name("writ_refusals_total").help("Requests refused, by stable refusal code")
                .labelNames("code").withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("writ_http_concurrency_limit")
                .help("Requests of a class (commands, reads) the node admits at once now: its adaptive limit")
                .labelNames("class")
                .callback(cb -> concurrency.forEach((kind, c) -> cb.call(c.limit().getAsInt(), kind)))
                .register(registry);
        GaugeWithCallback.builder().name("writ_http_in_flight")
                .help("Requests of a class (commands, reads) admitted and not yet answered")
                .labelNames("class")
                .callback(cb -> concurrency.forEach((kind, c) -> cb.call(c.inFlight().getAsInt(), kind)))
                .register(registry);
    }

    public void admitted(String decision, long nanos) {
        admissions.labelValues(decision).inc();
        admissionSeconds.observe(nanos / 1e9);
    }

    public void redeemed(long nanos) {
        redemptions.inc();
        redemptionSeconds.observe(nanos / 1e9);
    }

    public void refused(String code) {
        refusals.labelValues(code).inc();
    }

    /** Gauges of the class {@code kind}'s admission, read at scrape time. */
    public void watchConcurrency(String kind, IntSupplier limit, IntSupplier inFlight) {
        concurrency.put(kind, new Concurrency(limit, inFlight));
    }

    /** Gauges read at scrape time: the health state and the evidence log's counters. */
    public void watch(Supplier<HealthReport> health, LongSupplier evidenceRecords, LongSupplier evidenceBatches,
                      LongSupplier evidenceFailures) {
        GaugeWithCallback.builder().name("writ_health_status")
                .help("1 for the node's current health state (HEALTHY, DEGRADED, FAILED), 0 for the others")
                .labelNames("status")
                .callback(cb -> {
                    HealthStatus now = health.get().status();
                    for (HealthStatus s : HealthStatus.values()) {
                        cb.call(s == now ? 1 : 0, s.name());
                    }
                })
                .register(registry);
        GaugeWithCallback.builder().name("writ_evidence_records_written")
                .help("Evidence records made durable since start").callback(cb -> cb.call(evidenceRecords.getAsLong()))
                .register(registry);
        GaugeWithCallback.builder().name("writ_evidence_batches_written")
                .help("Evidence transactions committed since start (records / batches = grouping under load)")
                .callback(cb -> cb.call(evidenceBatches.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("writ_evidence_batch_failures")
                .help("Evidence transactions that failed (their actions were refused)")
                .callback(cb -> cb.call(evidenceFailures.getAsLong())).register(registry);
    }

    /** Gauges of chain anchoring, from the chain probe's last verdict (-1 while unknown). */
    public void watchChain(Supplier<dev.writ.contracts.anchor.ChainStatus> chain) {
        GaugeWithCallback.builder().name("writ_anchor_queue_depth")
                .help("Sealed anchor batches not yet confirmed on chain (outbox rows QUEUED, SENT or MINED)")
                .callback(cb -> cb.call(chain.get().outbox() == null ? -1 : chain.get().outbox().open())).register(registry);
        GaugeWithCallback.builder().name("writ_anchor_last_confirmed_batch")
                .help("Number of the newest anchor batch confirmed on chain")
                .callback(cb -> cb.call(chain.get().outbox() == null ? -1 : chain.get().outbox().lastConfirmedBatch()))
                .register(registry);
        GaugeWithCallback.builder().name("writ_chain_head_block")
                .help("The newest chain block this node has seen")
                .callback(cb -> cb.call(chain.get().head().number())).register(registry);
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
