package dev.writ.node.api;

import dev.writ.node.config.NodeSettings;

/**
 * How many requests of one kind a node takes on at once, adapted to the service time it measures
 * (docs/decisions.md, D46). Pure: the time comes in as nanoseconds, nothing is read or
 * scheduled here; {@link Shedding} is the edge that calls it. Thread-safe (one monitor; a handful
 * of arithmetic per request).
 *
 * <p>Two checks admit a request, both answered at once:
 * <ul>
 * <li>the <b>limit</b>: fewer than {@link #limit()} requests in flight. Each sample window (at least
 * {@code sampleWindow} long and {@code minWindowSamples} completions) compares the window's mean
 * latency (the sample) with the baseline, a long-window minimum that drops at once to a lower sample
 * and rises only slowly toward higher ones; limit &times; min(1, tolerance &times; baseline / sample)
 * (never below half), cut further when the sample exceeds the target latency, plus a queue allowance
 * of &radic;limit that keeps probing for capacity; smoothed, and kept within [min, ceiling]. It grows
 * only when the window used at least half of it (a node that is not busy learns nothing about its
 * capacity).</li>
 * <li>the <b>estimated wait</b>: by Little's law the node completes (mean in flight) / (mean latency)
 * requests per second; a request admitted behind {@code inFlight} others would take
 * (inFlight + 1) &times; mean latency / mean in flight. Beyond the target latency it is refused
 * rather than queued behind work that cannot finish in time. Below the minimum limit a request is
 * always admitted, so a node whose every request is slower than the target still makes progress.</li>
 * </ul>
 */
public final class AdaptiveLimit {
    /** What {@link #tryAcquire} answered: a permit to {@link #release}, or why not. */
    public sealed interface Admission {
    }

    /** Admitted at {@code startNanos}, as the {@code concurrency}-th request in flight. */
    public record Admitted(long startNanos, int concurrency) implements Admission {
    }

    /** Refused: {@code reason} says which check, in words for the refusal's detail. */
    public record Refused(String reason) implements Admission {
    }

    private static final double MIN_GRADIENT = 0.5;

    private final NodeSettings.Overload settings;
    private final int ceiling;
    private final int floor;
    private final long windowNanos;
    private final long targetNanos;

    private double limit;
    private int inFlight;
    private double baselineNanos = Double.NaN;
    /** The last closed window's mean latency and mean concurrency: the estimated-wait check's inputs. */
    private double sampleNanos = Double.NaN;
    private double sampleConcurrency = Double.NaN;

    private long windowStart;
    private boolean windowOpen;
    private int windowCount;
    private double windowLatencySum;
    private long windowConcurrencySum;
    private int windowMaxInFlight;

    /** {@code ceiling}: the most in flight whatever is measured (writ.http.max-in-flight and its like). */
    public AdaptiveLimit(NodeSettings.Overload settings, int ceiling) {
        this.settings = settings;
        this.ceiling = Math.max(0, ceiling);
        this.floor = Math.min(settings.minLimit(), this.ceiling);
        this.windowNanos = settings.sampleWindow().toNanos();
        this.targetNanos = settings.targetLatency().toNanos();
        this.limit = Math.max(floor, Math.min(this.ceiling, settings.initialLimit()));
    }

    public synchronized Admission tryAcquire(long nowNanos) {
        int current = limit();
        if (inFlight >= current) {
            return new Refused(inFlight + " in flight, the limit measured now is " + current + " (at most " + ceiling + ")");
        }
        if (inFlight >= floor && !Double.isNaN(sampleNanos)) {
            double waitNanos = (inFlight + 1) * sampleNanos / Math.max(1.0, sampleConcurrency);
            if (waitNanos > targetNanos) {
                return new Refused("the estimated wait of " + Math.round(waitNanos / 1e6) + " ms behind " + inFlight
                        + " in flight exceeds the target of " + settings.targetLatency().toMillis() + " ms");
            }
        }
        inFlight++;
        return new Admitted(nowNanos, inFlight);
    }

    /** The permit's request was answered at {@code nowNanos}, whatever its answer: its latency is a sample. */
    public synchronized void release(Admitted permit, long nowNanos) {
        inFlight--;
        if (!windowOpen) {
            windowOpen = true;
            windowStart = permit.startNanos();
        }
        windowCount++;
        windowLatencySum += Math.max(0, nowNanos - permit.startNanos());
        windowConcurrencySum += permit.concurrency();
        windowMaxInFlight = Math.max(windowMaxInFlight, permit.concurrency());
        if (nowNanos - windowStart >= windowNanos && windowCount >= settings.minWindowSamples()) {
            closeWindow();
        }
    }

    /** The number of requests admitted at once now. */
    public synchronized int limit() {
        return (int) Math.floor(limit);
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    private void closeWindow() {
        double sample = windowLatencySum / windowCount;
        sampleNanos = sample;
        sampleConcurrency = (double) windowConcurrencySum / windowCount;
        if (Double.isNaN(baselineNanos) || sample < baselineNanos) {
            baselineNanos = sample;
        } else {
            baselineNanos += (sample - baselineNanos) / settings.baselineWindows();
        }
        double gradient = Math.min(1.0, settings.tolerance() * baselineNanos / Math.max(1.0, sample));
        if (sample > targetNanos) {
            gradient = Math.min(gradient, targetNanos / sample);
        }
        gradient = Math.max(MIN_GRADIENT, gradient);
        boolean busy = windowMaxInFlight >= limit / 2;
        if (gradient < 1.0 || busy) {
            double next = limit * gradient + Math.sqrt(limit);
            limit = limit * (1 - settings.smoothing()) + next * settings.smoothing();
            limit = Math.max(floor, Math.min(ceiling, limit));
        }
        windowOpen = false;
        windowCount = 0;
        windowLatencySum = 0;
        windowConcurrencySum = 0;
        windowMaxInFlight = 0;
    }
}
