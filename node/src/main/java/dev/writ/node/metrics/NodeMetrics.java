package dev.writ.node.metrics;

import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The node's Prometheus metrics, in a registry of its own (several nodes may share a JVM in
 * tests). Names follow Prometheus conventions; the `code` label carries the stable refusal codes.
 * Every label set is bounded by the code: refusal codes, route classes, HTTP statuses, health
 * checks, and partner domains from configuration, never a value from outside input. The state
 * families (budgets, revocations, partners, anchoring, evidence) are read at scrape time from where
 * the values live ({@link StateMetrics}); docs/operating.md says what each means and which alert reads it.
 */
public final class NodeMetrics {
    /** Seconds: the admission and redemption targets sit in the low milliseconds (docs/architecture.md). */
    static final double[] LATENCY_BOUNDS = {
            0.0005, 0.001, 0.002, 0.003, 0.005, 0.008, 0.013, 0.021, 0.034, 0.055, 0.089, 0.144, 0.233, 0.5, 1, 2.5, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter admissions;
    private final Histogram admissionSeconds;
    private final Counter redemptions;
    private final Histogram redemptionSeconds;
    private final Counter refusals;
    private final Counter httpRequests;
    private final Histogram httpSeconds;
    private final Counter shed;
    private final Map<String, Concurrency> concurrency = new ConcurrentSkipListMap<>();
    private final StateMetrics state = new StateMetrics(registry);

    /** What a class of routes has admitted at once: its adaptive limit and its requests in flight. */
    private record Concurrency(IntSupplier limit, IntSupplier inFlight) {
    }

    public NodeMetrics() {
        JvmMetrics.builder().register(registry);
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
        httpRequests = Counter.builder().name("writ_http_requests_total")
                .help("Requests of a class of routes (commands, reads) taken on and answered, by HTTP status")
                .labelNames("class", "status").withoutExemplars().register(registry);
        httpSeconds = Histogram.builder().name("writ_http_request_duration_seconds")
                .help("Request taken on to response ready, by class of routes").labelNames("class").classicOnly()
                .classicUpperBounds(LATENCY_BOUNDS).withoutExemplars().register(registry);
        shed = Counter.builder().name("writ_http_shed_total")
                .help("Requests refused OVERLOADED before any work, by class of routes (the adaptive limit was reached)")
                .labelNames("class").withoutExemplars().register(registry);
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

    /** A request of class {@code kind} was answered with {@code status} after {@code nanos}. */
    public void answered(String kind, int status, long nanos) {
        httpRequests.labelValues(kind, Integer.toString(status)).inc();
        httpSeconds.labelValues(kind).observe(nanos / 1e9);
    }

    /** A request of class {@code kind} was shed: refused OVERLOADED before any work. */
    public void shed(String kind) {
        shed.labelValues(kind).inc();
        refused("OVERLOADED");
    }

    /** Gauges of the class {@code kind}'s admission, read at scrape time. */
    public void watchConcurrency(String kind, IntSupplier limit, IntSupplier inFlight) {
        concurrency.put(kind, new Concurrency(limit, inFlight));
        shed.labelValues(kind); // a series from the start, so rate() sees the first shed request
    }

    /**
     * The health state (one series per state, 1 for the current one) and each check behind it
     * (one series per check, its worst state's ordinal: 0 HEALTHY, 1 DEGRADED, 2 FAILED), read at
     * scrape time; check names are the monitor's own constants.
     */
    public void watchHealth(Supplier<HealthReport> health) {
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
        GaugeWithCallback.builder().name("writ_health_check")
                .help("Each health check's state: 0 HEALTHY, 1 DEGRADED, 2 FAILED (GET /v1/health says why)")
                .labelNames("check")
                .callback(cb -> {
                    Map<String, HealthStatus> worst = new ConcurrentSkipListMap<>();
                    for (HealthReport.Finding f : health.get().findings()) {
                        worst.merge(f.check(), f.status(), HealthStatus::worst);
                    }
                    worst.forEach((check, status) -> cb.call(status.ordinal(), check));
                })
                .register(registry);
    }

    /** The families read at scrape time from where the values live: budgets, revocations, partners, anchoring, evidence. */
    public StateMetrics state() {
        return state;
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
