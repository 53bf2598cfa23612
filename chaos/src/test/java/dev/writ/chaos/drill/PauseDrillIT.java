package dev.writ.chaos.drill;

import dev.writ.chaos.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * SIGSTOP of one node mid-load, then SIGCONT: every invariant holds, and the report says how long
 * the domain's other nodes stalled. The seed freezes acme-1, the oldest member, which holds the
 * shard coordinators and the cluster singletons: the worst node to lose. Opt-in
 * ({@code -Dwrit.drill.pause=true}): the measurement the failure-detection settings are tuned by,
 * not a CI drill.
 */
@EnabledIfSystemProperty(named = "writ.drill.pause", matches = "true")
class PauseDrillIT {
    /** The nemesis draws acme-1 with this seed. */
    static final long OLDEST_NODE_FROZEN = 20_261_126L;

    @Test
    void everyInvariantHoldsWhenANodeIsFrozenAndThawed() throws Exception {
        ShortDrills.runAndCheck(Scenario.PAUSE, OLDEST_NODE_FROZEN);
    }
}
