package dev.writ.chaos.check;

import java.time.Duration;
import java.util.List;

/** The invariants every drill checks, with the bounds they are stated with. */
public final class Checkers {
    /** How long after a revocation's acknowledgment a redemption already on its way may still succeed. */
    public static final Duration REVOCATION_IN_FLIGHT_BOUND = Duration.ofSeconds(1);
    /**
     * How long after a policy change was recorded as executed a redemption of a writ it made stale
     * may still succeed: the nodes read the chain's policy about once a second, plus slack for
     * redemptions already on their way.
     */
    public static final Duration POLICY_PICK_UP_BOUND = Duration.ofSeconds(3);
    /** How soon after healing the service must answer again (a killed node's JVM restart fits in it). */
    public static final Duration RESUME_BOUND = Duration.ofSeconds(30);
    /**
     * How long another domain may go on honouring what a domain has revoked, or go on acting on a
     * domain it no longer hears from: the nodes' beacon staleness bound (3 s in drills, as in
     * reference.conf) plus the in-flight allowance.
     */
    public static final Duration CROSS_DOMAIN_BOUND = Duration.ofSeconds(4);

    private Checkers() {
    }

    public static List<Checker> standard() {
        return List.of(new SingleUseChecker(), new RevocationChecker(REVOCATION_IN_FLIGHT_BOUND, CROSS_DOMAIN_BOUND),
                new EvidencePresenceChecker(), new ChainChecker(), new RecoveryChecker(RESUME_BOUND), new AnchoringChecker(),
                new StalePolicyChecker(POLICY_PICK_UP_BOUND), new ContinuityChecker(CROSS_DOMAIN_BOUND),
                new DigestChecker(), new AnsweredChecker());
    }

    public static List<Verdict> checkAll(DrillRecord record) {
        return standard().stream().map(c -> c.check(record)).toList();
    }
}
