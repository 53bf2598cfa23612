package dev.writ.chaos.check;

import java.time.Duration;
import java.util.List;

/** The invariants every drill checks, with the bounds they are stated with. */
public final class Checkers {
    /** How long after a revocation's acknowledgment a redemption already on its way may still succeed. */
    public static final Duration REVOCATION_IN_FLIGHT_BOUND = Duration.ofSeconds(1);
    /** How soon after healing the service must answer again (a killed node's JVM restart fits in it). */
    public static final Duration RESUME_BOUND = Duration.ofSeconds(30);

    private Checkers() {
    }

    public static List<Checker> standard() {
        return List.of(new SingleUseChecker(), new RevocationChecker(REVOCATION_IN_FLIGHT_BOUND),
                new EvidencePresenceChecker(), new ChainChecker(), new RecoveryChecker(RESUME_BOUND), new AnchoringChecker());
    }

    public static List<Verdict> checkAll(DrillRecord record) {
        return standard().stream().map(c -> c.check(record)).toList();
    }
}
