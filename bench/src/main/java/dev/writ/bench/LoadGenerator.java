package dev.writ.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.Problem;
import dev.writ.protocol.wire.ProposalResponse;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a {@link PreparedPhase} open loop through a {@link ConnectionPool}, and runs the closed-loop
 * saturation of one node.
 *
 * <p>{@link #openLoop}: request {@code i} is due at its {@link OpenLoopSchedule intended time}
 * whether or not earlier ones were answered. The first latency of a request (admission, or
 * redemption in a redemption-only phase) runs from the intended time to the answer, so queueing
 * anywhere, this client's connection pool included, is counted. The redemption of a propose+redeem
 * action runs from the proposal's answer to its own. <em>Send lag</em> is how late each request
 * left (handed to a connection) against its intended time: the generator's own delay, reported so
 * that a late client is not mistaken for a slow node. If more than {@code maxOutstanding} requests
 * are in flight, a due request is not sent and counted as the error {@code "client outstanding-limit"}.
 *
 * <p>{@link #saturate}: closed loop against one node, admissions only, with a fixed number of
 * requests always in flight, doubled step by step; its proposals are built as it goes.
 */
public final class LoadGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);
    private static final JsonFormat.Parser LENIENT = JsonFormat.parser().ignoringUnknownFields();

    /** Client limits: per request, in flight, connections per node, HTTP client threads. */
    public record Settings(Duration requestTimeout, int maxOutstanding, int connectionsPerNode, int clientThreads)
            implements java.io.Serializable {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), 20_000, 128, 4);
        }

        public Settings withConnections(int perNode) {
            return new Settings(requestTimeout, maxOutstanding, perNode, clientThreads);
        }
    }

    private final ConnectionPool pool;
    private final Settings settings;
    /** Each node's placement ({@link Placement#label()}), by node index; empty when the fabric has no regions. */
    private final List<String> placements;
    private final OpenWrits openWrits = new OpenWrits();

    public LoadGenerator(List<URI> nodes, Settings settings) {
        this(nodes, List.of(), settings);
    }

    /**
     * As {@link #LoadGenerator(List, Settings)}, also recording each phase's latencies per placement:
     * {@code placements.get(i)} is where a client of node {@code i} stands and where that node runs.
     */
    public LoadGenerator(List<URI> nodes, List<String> placements, Settings settings) {
        if (!placements.isEmpty() && placements.size() != nodes.size()) {
            throw new IllegalArgumentException("one placement per node: " + nodes.size() + " nodes, " + placements);
        }
        this.pool = new ConnectionPool(nodes, settings.connectionsPerNode(), settings.requestTimeout(),
                settings.clientThreads());
        this.settings = settings;
        this.placements = List.copyOf(placements);
    }

    /** A phase's figures, and for an admission phase the writ each proposal got (null where none). */
    public record PhaseRun(PhaseResult result, List<String> writs) {
    }

    /** What one phase collects while it runs. */
    private static final class Tally {
        final Recorder admission = new Recorder(HIGHEST_MICROS, 3);
        final Recorder redemption = new Recorder(HIGHEST_MICROS, 3);
        final Recorder sendLag = new Recorder(HIGHEST_MICROS, 3);
        /** By placement label, in the order of first placement; empty without placements. */
        final Map<String, Recorder> admissionAt = new LinkedHashMap<>();
        final Map<String, Recorder> redemptionAt = new LinkedHashMap<>();

        Tally() {
        }

        Tally(List<String> placements) {
            for (String p : placements) {
                admissionAt.computeIfAbsent(p, k -> new Recorder(HIGHEST_MICROS, 3));
                redemptionAt.computeIfAbsent(p, k -> new Recorder(HIGHEST_MICROS, 3));
            }
        }

        static Map<String, LatencySummary> summaries(Map<String, Recorder> byPlacement) {
            Map<String, LatencySummary> m = new LinkedHashMap<>();
            byPlacement.forEach((p, r) -> m.put(p, LatencySummary.of(r.getIntervalHistogram())));
            return m;
        }
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final LongAdder succeeded = new LongAdder();
        final AtomicLong outstanding = new AtomicLong();

        void error(String key) {
            errors.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        Map<String, Long> errorCounts() {
            Map<String, Long> m = new TreeMap<>();
            errors.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }
    }

    /** The writs the phases sent so far got and did not redeem. */
    OpenWrits openWrits() {
        return openWrits;
    }

    /** Sends {@code phase} open loop and waits for every answer (up to the request timeout). */
    public PhaseRun openLoop(PreparedPhase phase) {
        Tally tally = new Tally(placements);
        AtomicReferenceArray<String> writs = new AtomicReferenceArray<>(
                phase.kind() == PhaseKind.ADMISSION ? phase.requests().size() : 0);
        OpenLoopSchedule schedule = new OpenLoopSchedule(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20),
                phase.rate());
        int scheduled = phase.requests().size();
        long sent = 0;
        for (int i = 0; i < scheduled; i++) {
            long intended = schedule.intendedStartNanos(i);
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            if (tally.outstanding.get() >= settings.maxOutstanding()) {
                tally.error("client outstanding-limit");
                continue;
            }
            sent++;
            PreparedPhase.Request request = phase.requests().get(i);
            tally.outstanding.incrementAndGet();
            CompletableFuture<Void> done = switch (phase.kind()) {
                case ACTION -> action(request, intended, tally);
                case ADMISSION -> admission(request, intended, tally, i, writs);
                case REDEMPTION -> redemption(request, intended, tally);
            };
            done.whenComplete((v, e) -> tally.outstanding.decrementAndGet());
        }
        long phaseEnd = schedule.intendedStartNanos(scheduled);
        drain(tally);
        long ok = tally.succeeded.sum();
        PhaseResult result = new PhaseResult(phase.kind(), phase.rate(), (phaseEnd - schedule.startNanos()) / 1e9,
                scheduled, sent, ok, OpenLoopSchedule.achievedRate(ok, Duration.ofNanos(phaseEnd - schedule.startNanos())),
                LatencySummary.of(tally.admission.getIntervalHistogram()),
                LatencySummary.of(tally.redemption.getIntervalHistogram()),
                LatencySummary.of(tally.sendLag.getIntervalHistogram()), tally.errorCounts(),
                Tally.summaries(tally.admissionAt), Tally.summaries(tally.redemptionAt));
        String[] minted = new String[writs.length()];
        Arrays.setAll(minted, writs::get);
        return new PhaseRun(result, Arrays.asList(minted));
    }

    private CompletableFuture<Void> admission(PreparedPhase.Request request, long intended, Tally tally, int index,
                                              AtomicReferenceArray<String> writs) {
        return propose(request, intended, tally).thenAccept(admitted -> {
            if (admitted != null) {
                writs.set(index, admitted.getWrit());
                tally.succeeded.increment();
            }
        });
    }

    private CompletableFuture<Void> action(PreparedPhase.Request request, long intended, Tally tally) {
        PreparedPhase.RedemptionTemplate template = request.redeem().orElseThrow();
        return propose(request, intended, tally).thenCompose(admitted -> {
            if (admitted == null) {
                return CompletableFuture.completedFuture(null);
            }
            long asked = System.nanoTime();
            return redeem(request.node(), template.with(admitted.getWrit()), asked, at -> { }, tally);
        });
    }

    private CompletableFuture<Void> redemption(PreparedPhase.Request request, long intended, Tally tally) {
        return redeem(request.node(), request.body(), intended,
                at -> tally.sendLag.recordValue(micros(at - intended)), tally);
    }

    /** The proposal's ALLOW answer (its latency recorded), or null with the error counted. */
    private CompletableFuture<ProposalResponse> propose(PreparedPhase.Request request, long intended, Tally tally) {
        return pool.post(request.node(), "/v1/proposals", request.body(),
                        at -> tally.sendLag.recordValue(micros(at - intended)))
                .thenApply(r -> {
                    long answered = System.nanoTime();
                    ProposalResponse admitted = admitted(r, tally);
                    if (admitted != null) {
                        openWrits.admitted(admitted);
                        tally.admission.recordValue(micros(answered - intended));
                        at(tally.admissionAt, request.node(), micros(answered - intended));
                    }
                    return admitted;
                })
                .exceptionally(e -> {
                    tally.error("propose " + failureName(e));
                    return null;
                });
    }

    /** Redeems; its latency runs from {@code from} (nanoTime) to the answer. */
    private CompletableFuture<Void> redeem(int node, byte[] body, long from, LongConsumer onSend,
                                           Tally tally) {
        return pool.post(node, "/v1/redemptions", body, onSend)
                .thenAccept(rr -> {
                    long redeemed = System.nanoTime();
                    if (rr.statusCode() == 200) {
                        openWrits.redeemed();
                        tally.redemption.recordValue(micros(redeemed - from));
                        at(tally.redemptionAt, node, micros(redeemed - from));
                        tally.succeeded.increment();
                    } else {
                        tally.error("redeem " + rr.statusCode() + " " + problemCode(rr.body()));
                    }
                })
                .exceptionally(e -> {
                    tally.error("redeem " + failureName(e));
                    return null;
                });
    }

    /** Records {@code micros} under node {@code node}'s placement, when the nodes have placements. */
    private void at(Map<String, Recorder> byPlacement, int node, long micros) {
        if (!placements.isEmpty()) {
            byPlacement.get(placements.get(node)).recordValue(micros);
        }
    }

    /** The proposal's answer when it is an ALLOW with a writ; otherwise counts the error and returns null. */
    private static ProposalResponse admitted(HttpResponse<String> r, Tally tally) {
        if (r.statusCode() != 200) {
            tally.error("propose " + r.statusCode() + " " + problemCode(r.body()));
            return null;
        }
        ProposalResponse.Builder b = ProposalResponse.newBuilder();
        try {
            LENIENT.merge(r.body(), b);
        } catch (InvalidProtocolBufferException e) {
            tally.error("propose 200 unparseable");
            return null;
        }
        if (b.getDecision() != Decision.ALLOW || b.getWrit().isEmpty()) {
            tally.error("propose 200 " + b.getDecision()
                    + (b.getReasonsCount() > 0 ? " " + b.getReasons(0).getCode() : ""));
            return null;
        }
        return b.build();
    }

    /**
     * Closed loop against node {@code node} (an index of the nodes), admissions only: for each
     * concurrency in {@code concurrencies}, keeps that many proposals in flight for {@code step}
     * (the first {@code settle} of each step is not counted). Stops early once two steps in a row
     * fail to beat the best throughput by 5%. Concurrency beyond the pool's connections per node waits in the pool.
     * Each proposal's JSON comes from {@code proposals} as it is needed.
     */
    public SaturationResult saturate(int node, List<Integer> concurrencies, Duration step, Duration settle,
                                     Supplier<byte[]> proposals) {
        List<SaturationResult.Step> steps = new ArrayList<>();
        double best = 0;
        int flat = 0;
        for (int concurrency : concurrencies) {
            SaturationResult.Step s = closedLoopStep(node, concurrency, step, settle, proposals);
            steps.add(s);
            LOG.info("saturation: concurrency {} -> {} admissions/s, p99 {} ms, errors {}", concurrency,
                    Math.round(s.admissionsPerSecond()), LatencySummary.ms(s.latency().p99()), s.errors());
            if (s.clean() && s.admissionsPerSecond() > best * 1.05) {
                best = s.admissionsPerSecond();
                flat = 0;
            } else if (++flat >= 2) {
                break;
            }
        }
        return new SaturationResult(pool.node(node).toString(), step.toMillis() / 1000.0, steps,
                SaturationResult.best(steps));
    }

    private SaturationResult.Step closedLoopStep(int node, int concurrency, Duration step, Duration settle,
                                                 Supplier<byte[]> proposals) {
        Tally tally = new Tally();
        long start = System.nanoTime();
        long countFrom = start + settle.toNanos();
        long end = start + step.toNanos();
        LongAdder admitted = new LongAdder();
        LongAdder attempts = new LongAdder();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        for (int c = 0; c < concurrency; c++) {
            loops[c] = loop(node, proposals, tally, countFrom, end, admitted, attempts);
        }
        try {
            CompletableFuture.allOf(loops).get(step.toMillis() + settings.requestTimeout().toMillis() + 5_000,
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            tally.error("client " + failureName(e));
        }
        double seconds = (end - countFrom) / 1e9;
        return new SaturationResult.Step(concurrency, attempts.sum(), admitted.sum(), admitted.sum() / seconds,
                LatencySummary.of(tally.admission.getIntervalHistogram()), tally.errorCounts());
    }

    /** One closed-loop worker: propose, wait for the answer, propose again, until {@code end}. */
    private CompletableFuture<Void> loop(int node, Supplier<byte[]> proposals, Tally tally, long countFrom, long end,
                                         LongAdder admitted, LongAdder attempts) {
        long sentAt = System.nanoTime();
        if (sentAt >= end) {
            return CompletableFuture.completedFuture(null);
        }
        boolean counted = sentAt >= countFrom;
        return pool.post(node, "/v1/proposals", proposals.get(), at -> { })
                .handle((r, e) -> {
                    long answered = System.nanoTime();
                    Tally sink = counted && answered <= end ? tally : new Tally();
                    if (counted && answered <= end) {
                        attempts.increment();
                    }
                    if (e != null) {
                        sink.error("propose " + failureName(e));
                    } else if (admitted(r, sink) != null && sink == tally) {
                        tally.admission.recordValue(micros(answered - sentAt));
                        admitted.increment();
                    }
                    return null;
                })
                .thenComposeAsync(v -> loop(node, proposals, tally, countFrom, end, admitted, attempts), pool.executor());
    }

    private void drain(Tally tally) {
        long deadline = System.nanoTime() + settings.requestTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5);
        while (tally.outstanding.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        if (tally.outstanding.get() > 0) {
            LOG.warn("{} requests still unanswered after the request timeout", tally.outstanding.get());
            tally.errors.computeIfAbsent("client unanswered", k -> new LongAdder()).add(tally.outstanding.get());
        }
    }

    static String problemCode(String body) {
        Problem.Builder p = Problem.newBuilder();
        try {
            LENIENT.merge(body, p);
            return p.getCode().isEmpty() ? "(no code)" : p.getCode();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return "(not problem+json)";
        }
    }

    private static String failureName(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof HttpTimeoutException) {
            return "timeout";
        }
        return t.getClass().getSimpleName();
    }

    private static long micros(long nanos) {
        return Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    @Override
    public void close() {
        pool.close();
    }
}
