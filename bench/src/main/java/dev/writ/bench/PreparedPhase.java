package dev.writ.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything one open-loop phase sends, built and signed before it starts (but the redemption of a
 * propose+redeem action, signed when its writ arrives): the schedule thread only waits for each
 * request's time and hands its bytes to a connection.
 *
 * @param requests request {@code i} is due at {@code start + i / rate}
 */
public record PreparedPhase(PhaseKind kind, double rate, Duration duration, List<Request> requests) {

    public PreparedPhase {
        requests = List.copyOf(requests);
    }

    /**
     * One request: its node, its JSON body, and for a propose+redeem action the redemption to send
     * with the writ the proposal's answer carries.
     */
    public record Request(int node, byte[] body, Optional<RedemptionTemplate> redeem) {
    }

    /**
     * A propose+redeem action's redemption, for the writ its proposal's answer carries: its JSON is
     * built when the writ is known, and signed then by the bench's PEP (a PEP signs what it redeems,
     * so no body can be prepared before the writ exists).
     */
    public record RedemptionTemplate(Function<String, byte[]> body) {
        byte[] with(String writ) {
            return body.apply(writ);
        }
    }
}
