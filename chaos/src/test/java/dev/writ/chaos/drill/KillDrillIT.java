package dev.writ.chaos.drill;

import dev.writ.chaos.Scenario;
import org.junit.jupiter.api.Test;

/** kill -9 of one node mid-load, then its restart: single use, evidence and revocations hold; service resumes. */
class KillDrillIT {
    @Test
    void everyInvariantHoldsWhenANodeIsKilledAndRestarted() throws Exception {
        ShortDrills.runAndCheck(Scenario.KILL);
    }
}
