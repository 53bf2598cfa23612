package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.writ.chaos.DrillLoad;
import dev.writ.chaos.Scenario;
import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.HistoryFile;
import dev.writ.chaos.sut.NetworkLab;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * While the dev chain's sequencer is out, one node is cut off and another killed; everything is
 * healed: every invariant holds, and every record ends up anchored once. Opt-in
 * ({@code -Dwrit.drill.sequencer-partition-kill=true}): the drill takes well past the CI drills'
 * budget (chaos/README.md, measured). Needs root with iproute2 (network namespaces).
 */
@EnabledIfSystemProperty(named = "writ.drill.sequencer-partition-kill", matches = "true")
class SequencerPartitionKillDrillIT {
    /** The campaign's seed (chaos/README.md) that isolates acme-1 and kills acme-2, downing every survivor. */
    private static final long EVERY_NODE_LOST = 2_430_050_954L;

    @Test
    void everyInvariantHoldsWhenANodeIsCutOffAndAnotherKilledDuringASequencerOutage() throws Exception {
        assumeTrue(NetworkLab.available(), "partitions need root and iproute2 (network namespaces)");
        ShortDrills.runAndCheck(Scenario.SEQUENCER_PARTITION_KILL);

        Path out = Path.of("target", "drill-" + Scenario.SEQUENCER_PARTITION_KILL.cliName()).toAbsolutePath();
        assertThat(HistoryFile.read(out.resolve("history.jsonl"))).as("the three faults were in place together")
                .anyMatch(e -> e.isNemesis() && e.f().equals("start") && e.fault() == FaultKind.SEQUENCER_PARTITION_KILL
                        && e.outcome() == FaultOutcome.INJECTED && e.value().contains("isolated")
                        && e.value().contains("SIGKILL"));
        AnchoringSnapshot anchoring = AnchoringSnapshot.read(out.resolve("anchoring.json"));
        assertThat(anchoring.drain().drained()).isTrue();
        assertThat(anchoring.onChain()).hasSameSizeAs(anchoring.batches());
    }

    /**
     * The campaign's seed whose domain did not come back: acme-1 cut off, acme-2 killed, and both
     * survivors downed (no side kept a majority), so every node was restarted. The heal waited for
     * acme-1 to be HEALTHY before it started the killed acme-2, which acme-1's start-up gate needed:
     * the heal timed out and acme-2 stayed down (D110). Every node comes back now.
     */
    @Test
    void theDomainComesBackWhenEveryNodeWasDownedOrKilled() throws Exception {
        assumeTrue(NetworkLab.available(), "partitions need root and iproute2 (network namespaces)");
        String dir = "drill-" + Scenario.SEQUENCER_PARTITION_KILL.cliName() + "-" + EVERY_NODE_LOST;
        ShortDrills.runAndCheck(Scenario.SEQUENCER_PARTITION_KILL, EVERY_NODE_LOST, DrillLoad.trickle(), dir);

        List<Event> history = HistoryFile.read(Path.of("target", dir, "history.jsonl").toAbsolutePath());
        assertThat(history).as("the heal completed, the killed node started again among the others")
                .anyMatch(e -> e.isNemesis() && e.f().equals("heal") && e.value() != null
                        && e.value().contains("restarted acme-2")
                        && !e.value().contains("healing did not complete"));
    }
}
