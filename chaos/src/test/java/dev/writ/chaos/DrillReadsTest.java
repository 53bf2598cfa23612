package dev.writ.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.AnchoringSnapshot.Range;
import dev.writ.chaos.history.AnchoringSnapshot.StoredBatch;
import dev.writ.chaos.history.EvidenceSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The evidence and the anchoring are read one after the other while the nodes may still write: the
 * drill reads both again unless every lane ends at the same record in both (the one-way-partition
 * drill found a batch sealed between the reads, over expiries written after the schedule).
 */
class DrillReadsTest {
    private static final EvidenceSnapshot EVIDENCE = new EvidenceSnapshot("acme", List.of(), List.of(
            row("acme-1-0", 0), row("acme-1-0", 1), row("acme-2-0", 0)));

    @Test
    void readsThatEndAtTheSameRecordsInEveryLaneAgree() {
        assertThat(Drill.sameLastRecords(EVIDENCE, anchoring(new Range("acme-1-0", 0, 1), new Range("acme-2-0", 0, 0))))
                .isTrue();
    }

    @Test
    void aBatchSealedAfterTheEvidenceWasReadOrARecordNotYetSealedMakesThemDisagree() {
        assertThat(Drill.sameLastRecords(EVIDENCE, anchoring(new Range("acme-1-0", 0, 3), new Range("acme-2-0", 0, 0))))
                .as("sealed records the evidence read did not see").isFalse();
        assertThat(Drill.sameLastRecords(EVIDENCE, anchoring(new Range("acme-1-0", 0, 0), new Range("acme-2-0", 0, 0))))
                .as("a record written before the evidence read, not yet sealed").isFalse();
        assertThat(Drill.sameLastRecords(EVIDENCE, anchoring(new Range("acme-1-0", 0, 1))))
                .as("a lane with no batch").isFalse();
    }

    private static EvidenceSnapshot.Row row(String lane, long seq) {
        return new EvidenceSnapshot.Row(lane, seq, "DECISION", "p", "acme-1", "");
    }

    private static AnchoringSnapshot anchoring(Range... ranges) {
        return new AnchoringSnapshot("acme", "0x", "0x", 1, 0, List.of(new StoredBatch(0, ranges.length, "0x",
                List.of(ranges))), List.of(), List.of(), new AnchoringSnapshot.Drain(true, 0, "drained"));
    }
}
