package dev.writ.chaos.campaign;

import java.util.Arrays;
import java.util.List;

/**
 * Counts of values in buckets bounded by {@code bounds} (ascending upper bounds, exclusive); the last
 * bucket holds everything from the last bound up.
 */
public record Histogram(List<Long> bounds, List<Long> counts) {
    /** Recovery after a heal, in milliseconds: up to 1, 2, 5, 10, 20, 30 s and beyond. */
    public static final List<Long> RECOVERY_BOUNDS = List.of(1_000L, 2_000L, 5_000L, 10_000L, 20_000L, 30_000L);
    /** A request's latency, in milliseconds: roughly by factors of three, to the clients' 5 s timeout and beyond. */
    public static final List<Long> LATENCY_BOUNDS = List.of(10L, 30L, 100L, 300L, 1_000L, 3_000L, 5_000L);

    public static Histogram of(List<Long> values, List<Long> bounds) {
        long[] counts = new long[bounds.size() + 1];
        for (long v : values) {
            int bucket = 0;
            while (bucket < bounds.size() && v >= bounds.get(bucket)) {
                bucket++;
            }
            counts[bucket]++;
        }
        return new Histogram(List.copyOf(bounds), Arrays.stream(counts).boxed().toList());
    }

    public long total() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    /** The bucket's label: {@code < 10 ms}, {@code 10–30 ms}, ..., {@code ≥ 5000 ms}. */
    public String label(int bucket) {
        if (bucket == 0) {
            return "< " + bounds.get(0) + " ms";
        }
        if (bucket == bounds.size()) {
            return "≥ " + bounds.get(bounds.size() - 1) + " ms";
        }
        return bounds.get(bucket - 1) + "–" + bounds.get(bucket) + " ms";
    }
}
