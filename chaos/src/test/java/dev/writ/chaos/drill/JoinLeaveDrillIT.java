package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.Scenario;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.HistoryFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A fourth node (fresh data directory and key) joins the domain under load and one of the three
 * leaves gracefully; healing brings the nominal three back: every invariant holds. Opt-in
 * ({@code -Dwrit.drill.join-leave=true}): a JVM joining and one leaving and coming back take
 * the drill well past the CI drills' budget (chaos/README.md, measured).
 */
@EnabledIfSystemProperty(named = "writ.drill.join-leave", matches = "true")
class JoinLeaveDrillIT {
    @Test
    void everyInvariantHoldsWhileANodeJoinsAndAnotherLeaves() throws Exception {
        ShortDrills.runAndCheck(Scenario.JOIN_LEAVE);

        Path out = Path.of("target", "drill-" + Scenario.JOIN_LEAVE.cliName()).toAbsolutePath();
        List<Event> history = HistoryFile.read(out.resolve("history.jsonl"));
        assertThat(history).as("the join and the leave were in place").anyMatch(e -> e.isNemesis() && e.f().equals("start")
                && e.fault() == FaultKind.JOIN_LEAVE && e.outcome() == FaultOutcome.INJECTED
                && e.value().startsWith("acme-4 joined"));
        assertThat(history).as("the heal went back to the nominal membership").anyMatch(e -> e.isNemesis()
                && e.f().equals("heal") && e.outcome() == FaultOutcome.HEALED
                && e.value().contains("nominal membership [acme-1, acme-2, acme-3]"));
    }
}
