package dev.writ.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The closed-loop saturation run against one node: admissions only, concurrency doubled step by
 * step until throughput stops growing.
 *
 * @param best the step with the most successful admissions per second among steps whose errors
 *             stayed under 1% of attempts; empty when every step failed
 */
public record SaturationResult(String node, double stepSeconds, List<Step> steps, Optional<Step> best) {

    public SaturationResult {
        steps = List.copyOf(steps);
    }

    /** One concurrency level: {@code concurrency} requests always in flight. */
    public record Step(int concurrency, long attempts, long admitted, double admissionsPerSecond,
                       LatencySummary latency, Map<String, Long> errors) implements java.io.Serializable {
        public Step {
            errors = Map.copyOf(errors);
        }

        public long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        public boolean clean() {
            return attempts > 0 && errorCount() * 100 < attempts;
        }
    }

    public static Optional<Step> best(List<Step> steps) {
        return steps.stream().filter(Step::clean)
                .max(java.util.Comparator.comparingDouble(Step::admissionsPerSecond));
    }
}
