package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.Scenario;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.HistoryFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The journal database crashes mid-load and comes back: nodes fail closed meanwhile, refusing at
 * once with EVIDENCE_UNAVAILABLE (D54), and resume by themselves.
 */
@EnabledIfSystemProperty(named = "writ.drill.db-outage", matches = "true")
class DatabaseOutageDrillIT {
    @Test
    void everyInvariantHoldsWhenTheJournalDatabaseGoesDownAndComesBack() throws Exception {
        ShortDrills.runAndCheck(Scenario.DB_OUTAGE);
        assertThat(HistoryFile.read(Path.of("target", "drill-" + Scenario.DB_OUTAGE.cliName(), "history.jsonl")
                .toAbsolutePath())).as("operations refused for want of the database, with its code")
                .anyMatch(e -> e.type() == EventType.FAIL && "EVIDENCE_UNAVAILABLE".equals(e.value()));
    }
}
