package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.Scenario;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.HistoryFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The acme domain across two regions, eu (acme-1, acme-2 and the database's primary) and us
 * (acme-3), every link between them through a relay; the fault cuts them apart (no root needed).
 * Every invariant holds, and during the cut the us node, whose clients still reach it, redeemed
 * nothing: the side without the primary cannot commit a claim. Opt-in
 * ({@code -Dwrit.drill.region-partition=true}) to keep the suite within its 30 minutes on 2 cores;
 * {@code RegionFabricIT} holds the same cut to single use in every run.
 */
@EnabledIfSystemProperty(named = "writ.drill.region-partition", matches = "true")
class RegionPartitionDrillIT {
    private static final String OTHER_REGION_NODE = "acme-3";

    @Test
    void everyInvariantHoldsWhenTheRegionsAreCutApart() throws Exception {
        ShortDrills.runAndCheck(Scenario.REGION_PARTITION);

        Path out = Path.of("target", "drill-" + Scenario.REGION_PARTITION.cliName()).toAbsolutePath();
        List<Event> history = HistoryFile.read(out.resolve("history.jsonl"));
        Event cut = history.stream().filter(e -> e.isNemesis() && e.f().equals("start")
                && e.fault() == FaultKind.REGION_PARTITION).findFirst().orElseThrow();
        // the links come back when the heal is invoked; its completion waits for the nodes
        Event heal = history.stream().filter(e -> e.isNemesis() && e.f().equals("heal") && e.type() == EventType.INVOKE
                && e.micros() > cut.micros()).findFirst().orElseThrow();
        List<Event> during = history.stream().filter(e -> !e.isNemesis() && e.micros() > cut.micros()
                && e.micros() < heal.micros()).toList();
        assertThat(during).as("the us node was asked during the cut and refused or did not answer")
                .anyMatch(e -> OTHER_REGION_NODE.equals(e.node()) && e.type() != EventType.INVOKE && e.type() != EventType.OK);
        assertThat(during).as("the side without the primary acknowledged no redemption during the cut")
                .noneMatch(e -> OTHER_REGION_NODE.equals(e.node()) && e.f().equals("redeem") && e.type() == EventType.OK
                        && "redeemed".equals(e.value()));
        assertThat(during).as("the primary's region went on redeeming through the cut")
                .anyMatch(e -> !OTHER_REGION_NODE.equals(e.node()) && e.f().equals("redeem") && e.type() == EventType.OK
                        && "redeemed".equals(e.value()));
    }
}
