package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.DrillResult;
import dev.writ.chaos.Scenario;
import dev.writ.chaos.check.Verdict;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.HistoryFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * An operator's rolling restart under load: each of the three nodes in turn stopped with SIGTERM,
 * started again, HEALTHY before the next; every invariant holds, every request is answered. Not one
 * of the CI drills: a cycle per node takes well over their two minutes (chaos/README.md, measured);
 * run it with {@code -Dwrit.drill.rolling=true}.
 */
@EnabledIfSystemProperty(named = "writ.drill.rolling", matches = "true")
class RollingRestartDrillIT {
    @Test
    void everyNodeIsRestartedInTurnAndEveryRequestAnswered() throws Exception {
        DrillResult result = ShortDrills.runAndCheck(Scenario.ROLLING_RESTART);
        Path history = Path.of("target", "drill-" + Scenario.ROLLING_RESTART.cliName(), "history.jsonl");
        assertThat(HistoryFile.read(history)).filteredOn(e -> e.isNemesis() && e.f().equals("heal")
                        && e.fault() == FaultKind.ROLLING_RESTART && e.outcome() == FaultOutcome.HEALED)
                .extracting(Event::node).containsExactly("acme-1", "acme-2", "acme-3");
        assertThat(result.verdicts()).filteredOn(v -> v.invariant().equals("every-request-answered"))
                .singleElement().extracting(Verdict::summary).asString().contains("3 graceful restart(s)");
    }
}
