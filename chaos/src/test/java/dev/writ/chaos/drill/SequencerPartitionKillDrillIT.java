package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.writ.chaos.Scenario;
import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.HistoryFile;
import dev.writ.chaos.sut.NetworkLab;
import java.nio.file.Path;
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
}
