package dev.writ.chaos.drill;

import dev.writ.chaos.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * SIGSTOP of one node mid-load, then SIGCONT: every invariant holds, and the report says how long
 * the domain's other nodes stalled. Opt-in ({@code -Dwrit.drill.pause=true}): the measurement the
 * failure-detection settings are tuned by, not a CI drill.
 */
@EnabledIfSystemProperty(named = "writ.drill.pause", matches = "true")
class PauseDrillIT {
    @Test
    void everyInvariantHoldsWhenANodeIsFrozenAndThawed() throws Exception {
        ShortDrills.runAndCheck(Scenario.PAUSE);
    }
}
