package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.Scenario;
import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.HistoryFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The dev chain stalls (no blocks), then dies with the anchoring transactions of its mempool, and
 * comes back from its saved state (the fixed seed draws that mode): nodes queue batches durably
 * meanwhile, and once the chain is back every record ends up in exactly one batch on chain.
 */
@EnabledIfSystemProperty(named = "writ.drill.sequencer-outage", matches = "true")
class SequencerOutageDrillIT {
    @Test
    void everyRecordIsAnchoredOnceAfterTheChainStallsAndDies() throws Exception {
        ShortDrills.runAndCheck(Scenario.SEQUENCER_OUTAGE);

        Path out = Path.of("target", "drill-sequencer-outage").toAbsolutePath();
        assertThat(HistoryFile.read(out.resolve("history.jsonl"))).as("the fixed seed draws stall-then-down")
                .anyMatch(e -> e.isNemesis() && e.value() != null && e.value().startsWith("sequencer stalled for"));
        AnchoringSnapshot anchoring = AnchoringSnapshot.read(out.resolve("anchoring.json"));
        assertThat(anchoring.drain().drained()).isTrue();
        assertThat(anchoring.batches()).as("batches were sealed and anchored").hasSizeGreaterThan(1);
        assertThat(anchoring.onChain()).hasSameSizeAs(anchoring.batches());
    }
}
