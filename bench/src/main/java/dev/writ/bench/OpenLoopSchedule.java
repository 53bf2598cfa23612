package dev.writ.bench;

import java.time.Duration;

/**
 * The arrival schedule of an open-loop load: request {@code i} is due at
 * {@code start + i / rate}, whatever happened to the requests before it. Latency is measured
 * from this intended time, not from when the request actually left, so a stalled server shows
 * up in the percentiles instead of silently slowing the load (no coordinated omission).
 *
 * <p>Times are {@link System#nanoTime()} values. The i-th time is computed from {@code i}
 * directly, never by adding up periods, so rounding never accumulates into drift.
 */
public final class OpenLoopSchedule {
    private static final double NANOS_PER_SECOND = 1e9;

    private final long startNanos;
    private final double ratePerSecond;

    public OpenLoopSchedule(long startNanos, double ratePerSecond) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("the arrival rate must be a positive number per second, got " + ratePerSecond);
        }
        this.startNanos = startNanos;
        this.ratePerSecond = ratePerSecond;
    }

    public long startNanos() {
        return startNanos;
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    /** When request {@code i} (0-based) is meant to be sent. */
    public long intendedStartNanos(long i) {
        if (i < 0) {
            throw new IllegalArgumentException("request index must be >= 0, got " + i);
        }
        return startNanos + Math.round(i * NANOS_PER_SECOND / ratePerSecond);
    }

    /** How many requests fall in {@code [start, start + duration)}: the whole phase's load. */
    public long countWithin(Duration duration) {
        return countDueBefore(startNanos + duration.toNanos());
    }

    /** How many requests are due strictly before {@code nanos} (0 before the start). */
    public long countDueBefore(long nanos) {
        long elapsed = nanos - startNanos;
        if (elapsed <= 0) {
            return 0;
        }
        long n = (long) Math.ceil(elapsed * ratePerSecond / NANOS_PER_SECOND);
        // correct floating-point edges so that intendedStartNanos(n - 1) < nanos <= intendedStartNanos(n)
        while (n > 0 && intendedStartNanos(n - 1) >= nanos) {
            n--;
        }
        while (intendedStartNanos(n) < nanos) {
            n++;
        }
        return n;
    }

    /** {@code completed} actions over {@code elapsed}, per second. */
    public static double achievedRate(long completed, Duration elapsed) {
        if (elapsed.isZero() || elapsed.isNegative()) {
            return 0;
        }
        return completed * NANOS_PER_SECOND / elapsed.toNanos();
    }
}
