package dev.writ.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.AnchoringSnapshot.ChainEvent;
import dev.writ.chaos.history.AnchoringSnapshot.OutboxRow;
import dev.writ.chaos.history.AnchoringSnapshot.Range;
import dev.writ.chaos.history.AnchoringSnapshot.StoredBatch;
import dev.writ.chaos.history.EvidenceSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnchoringCheckerTest {
    private static final String ROOT_0 = "0x" + "a0".repeat(32);
    private static final String ROOT_1 = "0x" + "b1".repeat(32);
    private static final String ROOT_2 = "0x" + "c2".repeat(32);
    private final AnchoringChecker checker = new AnchoringChecker();

    /** Lane acme-1-0 records 0..4 and lane acme-2-0 records 0..2. */
    private static EvidenceSnapshot evidence() {
        List<EvidenceSnapshot.Row> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(new EvidenceSnapshot.Row("acme-1-0", i, "DECISION", "p-" + i, "acme-1", ""));
        }
        for (int i = 0; i < 3; i++) {
            rows.add(new EvidenceSnapshot.Row("acme-2-0", i, "REDEMPTION", "jti-" + i, "acme-2", ""));
        }
        return new EvidenceSnapshot("acme", List.of(), rows);
    }

    /** Three batches covering every record once: leaves 0..2, 3..5, 6..7. */
    private static List<StoredBatch> batches() {
        return List.of(
                new StoredBatch(0, 3, ROOT_0, List.of(new Range("acme-1-0", 0, 2))),
                new StoredBatch(1, 3, ROOT_1, List.of(new Range("acme-1-0", 3, 4), new Range("acme-2-0", 0, 0))),
                new StoredBatch(2, 2, ROOT_2, List.of(new Range("acme-2-0", 1, 2))));
    }

    private static List<OutboxRow> outbox() {
        return List.of(new OutboxRow(0, 0, 2, ROOT_0, "CONFIRMED", 1, 1_000, 2_000),
                new OutboxRow(1, 3, 5, ROOT_1, "CONFIRMED", 3, 2_000, 14_000),
                new OutboxRow(2, 6, 7, ROOT_2, "CONFIRMED", 1, 14_000, 15_000));
    }

    private static List<ChainEvent> onChain() {
        return List.of(new ChainEvent(0, 0, 2, ROOT_0, 10), new ChainEvent(1, 3, 5, ROOT_1, 22),
                new ChainEvent(2, 6, 7, ROOT_2, 23));
    }

    private static DrillRecord drill(List<StoredBatch> batches, List<OutboxRow> outbox, List<ChainEvent> events,
                                     long nextBatch, long nextLeaf) {
        AnchoringSnapshot a = new AnchoringSnapshot("acme", "0x" + "00".repeat(32), "0x" + "11".repeat(20), nextBatch,
                nextLeaf, batches, outbox, events, new AnchoringSnapshot.Drain(true, 700, "drained"));
        return new DrillRecord(List.of(), Optional.of(evidence()), Optional.of(a), Optional.empty());
    }

    @Test
    void everyRecordInOneBatchAndEveryBatchOnChainOnceHolds() {
        Verdict v = checker.check(drill(batches(), outbox(), onChain(), 3, 8));

        assertThat(v.held()).as(v.counterexamples().toString()).isTrue();
        assertThat(v.summary()).contains("8 records in 3 batches (8 leaves)")
                .contains("longest a batch waited for its confirmation: 12000 ms");
    }

    @Test
    void aRecordInNoBatchIsReportedWithItsLaneAndSequence() {
        List<StoredBatch> batches = new ArrayList<>(batches());
        batches.set(2, new StoredBatch(2, 1, ROOT_2, List.of(new Range("acme-2-0", 1, 1))));
        List<OutboxRow> outbox = new ArrayList<>(outbox());
        outbox.set(2, new OutboxRow(2, 6, 6, ROOT_2, "CONFIRMED", 1, 14_000, 15_000));
        List<ChainEvent> events = new ArrayList<>(onChain());
        events.set(2, new ChainEvent(2, 6, 6, ROOT_2, 23));

        Verdict v = checker.check(drill(batches, outbox, events, 3, 7));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).containsExactly("acme-2-0#2 (REDEMPTION jti-2) is in no batch");
    }

    @Test
    void aBatchMissingOnChainIsReported() {
        Verdict v = checker.check(drill(batches(), outbox(), onChain().subList(0, 2), 2, 6));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).containsExactly(
                "batch #2 (root " + ROOT_2 + ", leaves 6..7) is not on chain",
                "the contract expects batch #2 from leaf 6 next, the domain sealed 3 batches of 8 leaves");
    }

    @Test
    void aRootOnChainThatDiffersFromTheSealedRootIsReported() {
        List<ChainEvent> events = new ArrayList<>(onChain());
        events.set(1, new ChainEvent(1, 3, 5, ROOT_2, 22));

        Verdict v = checker.check(drill(batches(), outbox(), events, 3, 8));

        assertThat(v.counterexamples()).containsExactly(
                "batch #1: root on chain " + ROOT_2 + " (block 22) differs from the sealed root " + ROOT_1);
    }

    @Test
    void aBatchAnchoredTwiceARecordInTwoBatchesAndAGapInBatchNumbersAreReported() {
        List<ChainEvent> twice = new ArrayList<>(onChain());
        twice.add(new ChainEvent(0, 0, 2, ROOT_0, 11));
        assertThat(checker.check(drill(batches(), outbox(), twice, 3, 8)).counterexamples())
                .containsExactly("batch #0 is on chain 2 times, in blocks [10, 11]");

        List<StoredBatch> overlapping = new ArrayList<>(batches());
        overlapping.set(2, new StoredBatch(2, 3, ROOT_2, List.of(new Range("acme-2-0", 0, 2))));
        assertThat(checker.check(drill(overlapping, outbox(), onChain(), 3, 8)).counterexamples())
                .contains("acme-2-0#0 (REDEMPTION jti-0) is in several batches: [#1, #2]");

        List<StoredBatch> gap = List.of(batches().get(0), batches().get(2));
        assertThat(checker.check(drill(gap, outbox(), onChain(), 3, 8)).counterexamples())
                .contains("batch numbers are not contiguous from 0: expected #1, found #2");
    }

    @Test
    void anUndrainedOutboxIsAViolationAndMissingInputIsUnknown() {
        List<OutboxRow> outbox = new ArrayList<>(outbox());
        outbox.set(2, new OutboxRow(2, 6, 7, ROOT_2, "SENT", 4, 14_000, 15_000));
        AnchoringSnapshot stuck = new AnchoringSnapshot("acme", "0x00", "0x11", 2, 6, batches(), outbox,
                onChain().subList(0, 2), new AnchoringSnapshot.Drain(false, 60_000, "1 outbox rows still open"));

        Verdict v = checker.check(new DrillRecord(List.of(), Optional.of(evidence()), Optional.of(stuck), Optional.empty()));

        assertThat(v.counterexamples()).contains("the outbox did not drain within 60000 ms: 1 outbox rows still open",
                "batch #2 is SENT in the outbox, not CONFIRMED (4 attempts)");
        assertThat(checker.check(new DrillRecord(List.of(), Optional.of(evidence()))).status())
                .isEqualTo(Verdict.Status.UNKNOWN);
    }
}
