package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.Scenario;
import dev.writ.chaos.check.Verdict;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.HistoryFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The acme domain across two regions, eu (acme-1 and the database's primary) and us (acme-2,
 * acme-3 and the synchronous standby); the fault loses eu (its node and the primary killed, its
 * links cut) and promotes the standby; healing rejoins eu's server as a synchronous standby of the
 * promoted one (what {@code writ db rejoin} does). Every invariant holds; in particular every action
 * acknowledged before the loss has its evidence on the promoted standby (no acknowledged action
 * lost across the promotion) and single use holds across it, and us went on redeeming during the
 * outage once the standby was promoted.
 */
class RegionOutageDrillIT {
    private static final Set<String> SURVIVORS = Set.of("acme-2", "acme-3");

    @Test
    void everyInvariantHoldsWhenTheRegionWithThePrimaryIsLost() throws Exception {
        var result = ShortDrills.runAndCheck(Scenario.REGION_OUTAGE);

        Path out = Path.of("target", "drill-" + Scenario.REGION_OUTAGE.cliName()).toAbsolutePath();
        List<Event> history = HistoryFile.read(out.resolve("history.jsonl"));
        Event loss = history.stream().filter(e -> e.isNemesis() && e.f().equals("start") && e.type() == EventType.INVOKE)
                .findFirst().orElseThrow();
        Event lost = history.stream().filter(e -> e.isNemesis() && e.f().equals("start") && e.fault() == FaultKind.REGION_OUTAGE)
                .findFirst().orElseThrow();
        assertThat(lost.outcome()).isEqualTo(FaultOutcome.INJECTED);
        Event heal = history.stream().filter(e -> e.isNemesis() && e.f().equals("heal") && e.type() == EventType.INVOKE)
                .findFirst().orElseThrow();
        Event healed = history.stream().filter(e -> e.isNemesis() && e.f().equals("heal") && e.type() == EventType.INFO)
                .findFirst().orElseThrow();
        assertThat(healed.outcome()).isEqualTo(FaultOutcome.HEALED);
        assertThat(healed.value()).as("the heal rejoined the lost primary as a synchronous standby of the promoted one")
                .contains("the server in eu rejoined as a standby of us by REWIND").containsPattern("sync_state (sync|quorum)");
        assertThat(history).as("actions were acknowledged before the loss (their evidence is judged on the promoted standby)")
                .anyMatch(e -> !e.isNemesis() && e.type() == EventType.OK && e.f().equals("redeem") && e.micros() < loss.micros());
        assertThat(result.verdicts()).filteredOn(v -> v.invariant().equals("evidence-for-every-ack")
                        || v.invariant().equals("single-use")).hasSize(2).allMatch(v -> v.status() == Verdict.Status.HELD);
        Event resumed = history.stream().filter(e -> !e.isNemesis() && SURVIVORS.contains(e.node()) && e.type() == EventType.OK
                && e.f().equals("redeem") && e.micros() > lost.micros() && e.micros() < heal.micros()).findFirst()
                .orElseThrow(() -> new AssertionError("the surviving region redeemed nothing after the promotion"));
        System.out.printf("region-outage: loss at %d ms, standby promoted and fault recorded at %d ms, first redemption in us"
                + " after it at %d ms (RTO %d ms)%n", loss.micros() / 1000, lost.micros() / 1000, resumed.micros() / 1000,
                (resumed.micros() - loss.micros()) / 1000);
    }
}
