package dev.writ.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything one open-loop phase sends, built and signed before it starts: the schedule thread
 * only waits for each request's time and hands its bytes to a connection.
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

    /** A redemption's JSON around its writ, split where the writ goes (a writ needs no JSON escaping). */
    public record RedemptionTemplate(byte[] prefix, byte[] suffix) {
        static final String PLACEHOLDER = "WRIT-GOES-HERE";

        /** Splits {@code json}, which holds {@link #PLACEHOLDER} once, around it. */
        static RedemptionTemplate around(String json) {
            int at = json.indexOf(PLACEHOLDER);
            if (at < 0 || json.indexOf(PLACEHOLDER, at + 1) >= 0) {
                throw new IllegalArgumentException("the redemption must hold the writ placeholder once: " + json);
            }
            return new RedemptionTemplate(json.substring(0, at).getBytes(StandardCharsets.UTF_8),
                    json.substring(at + PLACEHOLDER.length()).getBytes(StandardCharsets.UTF_8));
        }

        byte[] with(String writ) {
            byte[] w = writ.getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[prefix.length + w.length + suffix.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(w, 0, out, prefix.length, w.length);
            System.arraycopy(suffix, 0, out, prefix.length + w.length, suffix.length);
            return out;
        }
    }
}
