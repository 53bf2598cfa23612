package dev.writ.bench;

import java.io.Serializable;
import java.util.Map;

/**
 * One open-loop phase at a fixed arrival rate, as the load generator saw it.
 *
 * @param kind        what was sent: propose + redeem, admissions only or redemptions only
 * @param durationSeconds the phase's schedule: scheduled requests / rate
 * @param scheduled   requests due in the phase (rate x duration; for redemptions only, the writs minted for it)
 * @param sent        requests that left (scheduled minus those the client could not send)
 * @param succeeded   actions completed: admitted (ALLOW) and redeemed, admitted, or redeemed, by kind
 * @param achievedRate succeeded per second of the phase
 * @param admission   intended send time to the proposal's answer (µs), successful admissions only
 * @param redemption  redemptions only: intended send time to the answer; propose + redeem: the
 *                    proposal's answer to the redemption's (µs); successful redemptions only
 * @param sendLag     how late each scheduled request left against its intended time (µs)
 * @param errors      failures by "step HTTP status code" (e.g. "propose 429 RATE_LIMITED")
 */
public record PhaseResult(PhaseKind kind, double targetRate, double durationSeconds, long scheduled, long sent,
                          long succeeded, double achievedRate, LatencySummary admission, LatencySummary redemption,
                          LatencySummary sendLag, Map<String, Long> errors) implements Serializable {

    public PhaseResult {
        errors = Map.copyOf(errors);
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
