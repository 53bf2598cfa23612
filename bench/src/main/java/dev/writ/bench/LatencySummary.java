package dev.writ.bench;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency histogram, in microseconds. */
public record LatencySummary(long count, long p50, long p90, long p99, long p999, long max, double mean)
        implements java.io.Serializable {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary of(Histogram h) {
        if (h == null || h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean());
    }

    /** Microseconds as milliseconds with two decimals, for tables. */
    public static String ms(long micros) {
        return String.format(java.util.Locale.ROOT, "%.2f", micros / 1000.0);
    }
}
