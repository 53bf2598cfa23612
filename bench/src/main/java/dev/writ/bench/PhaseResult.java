package dev.writ.bench;

import java.util.Map;

/**
 * One measured open-loop phase at a fixed arrival rate.
 *
 * @param scheduled   actions due in the phase (rate x duration)
 * @param sent        actions whose proposal left (scheduled minus those the client could not send)
 * @param succeeded   actions admitted (ALLOW) and redeemed
 * @param achievedRate succeeded per second of the phase
 * @param admission   intended send time to the proposal's answer (µs), successful admissions only
 * @param redemption  redemption send to its answer (µs), successful redemptions only
 * @param errors      failures by "step HTTP status code" (e.g. "propose 429 RATE_LIMITED")
 */
public record PhaseResult(double targetRate, double durationSeconds, long scheduled, long sent, long succeeded,
                          double achievedRate, LatencySummary admission, LatencySummary redemption,
                          Map<String, Long> errors) {

    public PhaseResult {
        errors = Map.copyOf(errors);
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
