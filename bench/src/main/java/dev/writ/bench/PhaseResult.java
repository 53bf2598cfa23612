package dev.writ.bench;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * @param admissionByPlacement  {@code admission} per placement of the client and the node it called
 *                    ({@link Placement#label()}); empty when the fabric has no regions
 * @param redemptionByPlacement {@code redemption} the same way
 */
public record PhaseResult(PhaseKind kind, double targetRate, double durationSeconds, long scheduled, long sent,
                          long succeeded, double achievedRate, LatencySummary admission, LatencySummary redemption,
                          LatencySummary sendLag, Map<String, Long> errors,
                          Map<String, LatencySummary> admissionByPlacement,
                          Map<String, LatencySummary> redemptionByPlacement) implements Serializable {

    public PhaseResult {
        errors = Map.copyOf(errors);
        admissionByPlacement = Collections.unmodifiableMap(new LinkedHashMap<>(admissionByPlacement));
        redemptionByPlacement = Collections.unmodifiableMap(new LinkedHashMap<>(redemptionByPlacement));
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
