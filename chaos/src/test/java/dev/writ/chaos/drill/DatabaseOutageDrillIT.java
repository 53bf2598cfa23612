package dev.writ.chaos.drill;

import dev.writ.chaos.Scenario;
import org.junit.jupiter.api.Test;

/** The journal database crashes mid-load and comes back: nodes fail closed meanwhile, and resume. */
class DatabaseOutageDrillIT {
    @Test
    void everyInvariantHoldsWhenTheJournalDatabaseGoesDownAndComesBack() throws Exception {
        ShortDrills.runAndCheck(Scenario.DB_OUTAGE);
    }
}
