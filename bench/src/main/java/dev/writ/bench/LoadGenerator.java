package dev.writ.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.Problem;
import dev.writ.protocol.wire.ProposalResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the benchmark's actions ({@link BenchActions}: propose, then redeem the writ) against a
 * fabric's nodes, round-robin.
 *
 * <p>{@link #openLoop}: an open-loop phase: action {@code i} is sent at its
 * {@link OpenLoopSchedule intended time} whether or not earlier ones were answered, through the
 * asynchronous {@link HttpClient} (as many connections as requests in flight). Admission latency
 * runs from the intended time to the answer, so queueing anywhere (client included) is counted.
 * Redemption latency runs from the redemption's send (right after the admission answer) to its
 * answer. If more than {@code maxOutstanding} actions are in flight, a due action is not sent and
 * counted as the error {@code "client outstanding-limit"}: the load is then beyond what this
 * client can hold, and the report says so rather than hiding it.
 *
 * <p>{@link #saturate}: closed loop against one node, admissions only, with a fixed number of
 * requests always in flight, doubled step by step.
 */
public final class LoadGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);
    private static final JsonFormat.Parser LENIENT = JsonFormat.parser().ignoringUnknownFields();

    /** Client limits. */
    public record Settings(Duration requestTimeout, int maxOutstanding, int clientThreads) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), 20_000, 4);
        }
    }

    private final List<URI> nodes;
    private final BenchActions actions;
    private final Settings settings;
    private final ExecutorService executor;
    private final HttpClient http;
    private final AtomicLong sequence = new AtomicLong();

    public LoadGenerator(List<URI> nodes, BenchActions actions, Settings settings) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no node to send load to");
        }
        this.nodes = List.copyOf(nodes);
        this.actions = actions;
        this.settings = settings;
        this.executor = Executors.newFixedThreadPool(settings.clientThreads(), r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    /** What one phase collects while it runs. */
    private static final class Tally {
        final Recorder admission = new Recorder(HIGHEST_MICROS, 3);
        final Recorder redemption = new Recorder(HIGHEST_MICROS, 3);
        final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        final LongAdder succeeded = new LongAdder();
        final LongAdder attempts = new LongAdder();
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

    /**
     * Runs one open-loop phase at {@code ratePerSecond} for {@code duration} and waits for the
     * answers of every action sent (up to the request timeout).
     */
    public PhaseResult openLoop(double ratePerSecond, Duration duration) {
        Tally tally = new Tally();
        OpenLoopSchedule schedule = new OpenLoopSchedule(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20),
                ratePerSecond);
        long scheduled = schedule.countWithin(duration);
        long sent = 0;
        for (long i = 0; i < scheduled; i++) {
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
            action(sequence.getAndIncrement(), nodes.get((int) (i % nodes.size())), intended, tally);
        }
        long phaseEnd = schedule.intendedStartNanos(scheduled);
        drain(tally);
        long ok = tally.succeeded.sum();
        return new PhaseResult(ratePerSecond, duration.toMillis() / 1000.0, scheduled, sent, ok,
                OpenLoopSchedule.achievedRate(ok, Duration.ofNanos(phaseEnd - schedule.startNanos())),
                LatencySummary.of(tally.admission.getIntervalHistogram()),
                LatencySummary.of(tally.redemption.getIntervalHistogram()), tally.errorCounts());
    }

    private void action(long seq, URI node, long intendedNanos, Tally tally) {
        tally.outstanding.incrementAndGet();
        ActionProposal proposal = actions.proposal(seq);
        post(node, "/v1/proposals", BenchActions.json(proposal))
                .thenCompose(r -> {
                    long answered = System.nanoTime();
                    ProposalResponse admitted = admitted(r, tally);
                    if (admitted == null) {
                        return CompletableFuture.completedFuture(null);
                    }
                    tally.admission.recordValue(micros(answered - intendedNanos));
                    long redeemSent = System.nanoTime();
                    return post(node, "/v1/redemptions",
                            BenchActions.json(BenchActions.redemption(proposal, admitted.getWrit())))
                            .thenAccept(rr -> {
                                long redeemed = System.nanoTime();
                                if (rr.statusCode() == 200) {
                                    tally.redemption.recordValue(micros(redeemed - redeemSent));
                                    tally.succeeded.increment();
                                } else {
                                    tally.error("redeem " + rr.statusCode() + " " + problemCode(rr.body()));
                                }
                            })
                            .exceptionally(e -> {
                                tally.error("redeem " + failureName(e));
                                return null;
                            });
                })
                .exceptionally(e -> {
                    tally.error("propose " + failureName(e));
                    return null;
                })
                .whenComplete((v, e) -> tally.outstanding.decrementAndGet());
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
     * Closed loop against {@code node}, admissions only: for each concurrency in
     * {@code concurrencies}, keeps that many proposals in flight for {@code step} (the first
     * {@code settle} of each step is not counted). Stops early once two steps in a row fail to
     * beat the best throughput by 5%.
     */
    public SaturationResult saturate(URI node, List<Integer> concurrencies, Duration step, Duration settle) {
        List<SaturationResult.Step> steps = new java.util.ArrayList<>();
        double best = 0;
        int flat = 0;
        for (int concurrency : concurrencies) {
            SaturationResult.Step s = closedLoopStep(node, concurrency, step, settle);
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
        return new SaturationResult(node.toString(), step.toMillis() / 1000.0, steps, SaturationResult.best(steps));
    }

    private SaturationResult.Step closedLoopStep(URI node, int concurrency, Duration step, Duration settle) {
        Tally tally = new Tally();
        long start = System.nanoTime();
        long countFrom = start + settle.toNanos();
        long end = start + step.toNanos();
        LongAdder admitted = new LongAdder();
        LongAdder attempts = new LongAdder();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        for (int c = 0; c < concurrency; c++) {
            loops[c] = loop(node, tally, countFrom, end, admitted, attempts);
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
    private CompletableFuture<Void> loop(URI node, Tally tally, long countFrom, long end, LongAdder admitted,
                                         LongAdder attempts) {
        long sentAt = System.nanoTime();
        if (sentAt >= end) {
            return CompletableFuture.completedFuture(null);
        }
        boolean counted = sentAt >= countFrom;
        ActionProposal proposal = actions.proposal(sequence.getAndIncrement());
        return post(node, "/v1/proposals", BenchActions.json(proposal))
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
                .thenComposeAsync(v -> loop(node, tally, countFrom, end, admitted, attempts), executor);
    }

    private CompletableFuture<HttpResponse<String>> post(URI node, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(node.resolve(path))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private void drain(Tally tally) {
        long deadline = System.nanoTime() + settings.requestTimeout().toNanos() + TimeUnit.SECONDS.toNanos(5);
        while (tally.outstanding.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        if (tally.outstanding.get() > 0) {
            LOG.warn("{} actions still unanswered after the request timeout", tally.outstanding.get());
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
        executor.shutdownNow();
    }
}
