package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.DrillLoad;
import dev.writ.chaos.Scenario;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.HistoryFile;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Five times the steady load for a fault window, then the steady load again: every invariant
 * holds, and the burst really was offered (more operations invoked per second during it than
 * before), at the trickle and at half the measured capacity (a burst of 2.5 times capacity). Opt-in ({@code -Dwrit.drill.burst=true}), like the other drills beyond the CI five.
 */
@EnabledIfSystemProperty(named = "writ.drill.burst", matches = "true")
class BurstDrillIT {
    @Test
    void everyInvariantHoldsThroughABurstOfFiveTimesTheSteadyLoad() throws Exception {
        ShortDrills.runAndCheck(Scenario.BURST);
        assertTheBurstWasOffered(Path.of("target", "drill-burst", "history.jsonl"));
    }

    /** Five times half the capacity: two and a half times what the domain answers at most. */
    @Test
    void everyInvariantHoldsThroughABurstBeyondCapacity() throws Exception {
        ShortDrills.runAndCheck(Scenario.BURST, ShortDrills.SEED, new DrillLoad.ShareOfCapacity(0.5, OptionalDouble.empty()),
                "drill-burst-beyond-capacity");
        assertTheBurstWasOffered(Path.of("target", "drill-burst-beyond-capacity", "history.jsonl"));
    }

    private static void assertTheBurstWasOffered(Path file) {
        List<Event> history = HistoryFile.read(file);
        Event start = history.stream().filter(e -> e.isNemesis() && e.f().equals("start") && e.fault() == FaultKind.BURST
                && e.outcome() == FaultOutcome.INJECTED).findFirst().orElseThrow();
        Event heal = history.stream().filter(e -> e.isNemesis() && e.f().equals("heal") && e.type() != EventType.INVOKE)
                .findFirst().orElseThrow();
        long window = heal.micros() - start.micros();
        long during = invoked(history, start.micros(), heal.micros());
        long before = invoked(history, start.micros() - window, start.micros());
        assertThat(during).as("operations invoked during the burst against as long before it").isGreaterThan(2 * before);
    }

    private static long invoked(List<Event> history, long from, long to) {
        return history.stream().filter(e -> !e.isNemesis() && e.type() == EventType.INVOKE && e.micros() >= from
                && e.micros() < to).count();
    }
}
