package dev.writ.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.AnchoringSnapshot.ChainEvent;
import dev.writ.chaos.history.AnchoringSnapshot.Drain;
import dev.writ.chaos.history.AnchoringSnapshot.OutboxRow;
import dev.writ.chaos.history.AnchoringSnapshot.Range;
import dev.writ.chaos.history.AnchoringSnapshot.StoredBatch;
import dev.writ.chaos.history.EvidenceSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The evidence and the anchoring are read after a drain while the nodes may still write and seal:
 * the drill drains and reads both again unless they show one anchored state (the one-way-partition
 * drill found a batch sealed between the reads; a region-outage drill found expiries written after
 * the drain in a batch still QUEUED), within {@link SettledReads#BOUND} of the schedule's end.
 */
class DrillReadsTest {
    private static final Duration SOON = Duration.ofSeconds(5);
    private static final EvidenceSnapshot EVIDENCE = new EvidenceSnapshot("acme", List.of(), List.of(
            row("acme-1-0", 0), row("acme-1-0", 1), row("acme-2-0", 0)));
    private static final Drain DRAINED = new Drain(true, 0, "drained");

    @Test
    void readsThatEndAtTheSameRecordsInEveryLaneAgree() {
        assertThat(SettledReads.sameLastRecords(EVIDENCE, anchoring(new Range("acme-1-0", 0, 1), new Range("acme-2-0", 0, 0))))
                .isTrue();
    }

    @Test
    void aBatchSealedAfterTheEvidenceWasReadOrARecordNotYetSealedMakesThemDisagree() {
        assertThat(SettledReads.sameLastRecords(EVIDENCE, anchoring(new Range("acme-1-0", 0, 3), new Range("acme-2-0", 0, 0))))
                .as("sealed records the evidence read did not see").isFalse();
        assertThat(SettledReads.sameLastRecords(EVIDENCE, anchoring(new Range("acme-1-0", 0, 0), new Range("acme-2-0", 0, 0))))
                .as("a record written before the evidence read, not yet sealed").isFalse();
        assertThat(SettledReads.sameLastRecords(EVIDENCE, anchoring(new Range("acme-1-0", 0, 1))))
                .as("a lane with no batch").isFalse();
    }

    @Test
    void readsOfOneAnchoredStateAreJudged() {
        SettledReads.Decision d = decide(snapshot(DRAINED, confirmed(0, 0, 1), confirmed(1, 2, 2)), SOON);
        assertThat(d.readAgain()).as(d.why()).isFalse();
    }

    @Test
    void lanesThatEndAtDifferentRecordsAreReadAgain() {
        SettledReads.Decision d = decide(snapshot(DRAINED, confirmed(0, 0, 1)), SOON);
        assertThat(d.readAgain()).as(d.why()).isTrue();
    }

    /** The region-outage finding: every lane agrees, but the last batch, of expiries written after the drain, is QUEUED. */
    @Test
    void aBatchSealedAfterTheDrainAndNotYetOnChainIsReadAgainThoughTheLanesAgree() {
        SettledReads.Decision d = decide(snapshot(DRAINED, confirmed(0, 0, 1), queued(1, 2, 2)), SOON);
        assertThat(d.readAgain()).as(d.why()).isTrue();
        assertThat(d.why()).contains("#1 QUEUED, not on chain");
    }

    @Test
    void aBatchConfirmedInTheOutboxButNotYetSeenOnChainIsReadAgain() {
        Batch late = confirmed(1, 2, 2);
        AnchoringSnapshot a = snapshot(DRAINED, confirmed(0, 0, 1), late);
        AnchoringSnapshot withoutEvent = new AnchoringSnapshot(a.domain(), a.domainId(), a.contract(), 1, 2, a.batches(),
                a.outbox(), a.onChain().subList(0, 1), a.drain());
        SettledReads.Decision d = decide(withoutEvent, SOON);
        assertThat(d.readAgain()).as(d.why()).isTrue();
        assertThat(d.why()).contains("#1 CONFIRMED, not on chain");
    }

    /** What is still not anchored once the bound has passed is judged: the anchoring check fails it. */
    @Test
    void aBatchStillNotOnChainAtTheBoundIsJudged() {
        SettledReads.Decision d = decide(snapshot(DRAINED, confirmed(0, 0, 1), queued(1, 2, 2)), SettledReads.BOUND);
        assertThat(d.readAgain()).isFalse();
        assertThat(d.why()).contains("#1 QUEUED").contains("judged");
    }

    /** A drain that ran out of time is judged at once: waiting again would only repeat the bound it already waited. */
    @Test
    void aDrainThatRanOutIsJudgedAtOnce() {
        SettledReads.Decision d = decide(snapshot(new Drain(false, 60_000, "1 outbox rows still open"),
                confirmed(0, 0, 1), queued(1, 2, 2)), SOON);
        assertThat(d.readAgain()).isFalse();
    }

    @Test
    void aFailedReadIsJudged() {
        assertThat(SettledReads.decide(Optional.empty(), Optional.of(snapshot(DRAINED, confirmed(0, 0, 1), confirmed(1, 2, 2))),
                SOON).readAgain()).isFalse();
        assertThat(SettledReads.decide(Optional.of(EVIDENCE), Optional.empty(), SOON).readAgain()).isFalse();
    }

    private static SettledReads.Decision decide(AnchoringSnapshot anchoring, Duration sinceSchedule) {
        return SettledReads.decide(Optional.of(EVIDENCE), Optional.of(anchoring), sinceSchedule);
    }

    /** A batch over one lane's records: acme-1-0 for leaves 0..1, acme-2-0 for leaf 2 (as {@link #EVIDENCE} holds them). */
    private record Batch(long seq, long firstLeaf, long lastLeaf, String state) {
        Range range() {
            return firstLeaf == 0 ? new Range("acme-1-0", 0, lastLeaf) : new Range("acme-2-0", 0, lastLeaf - firstLeaf);
        }
    }

    private static Batch confirmed(long seq, long firstLeaf, long lastLeaf) {
        return new Batch(seq, firstLeaf, lastLeaf, "CONFIRMED");
    }

    private static Batch queued(long seq, long firstLeaf, long lastLeaf) {
        return new Batch(seq, firstLeaf, lastLeaf, "QUEUED");
    }

    private static AnchoringSnapshot snapshot(Drain drain, Batch... batches) {
        List<StoredBatch> stored = new ArrayList<>();
        List<OutboxRow> outbox = new ArrayList<>();
        List<ChainEvent> onChain = new ArrayList<>();
        for (Batch b : batches) {
            String root = "0x0" + b.seq();
            stored.add(new StoredBatch(b.seq(), b.lastLeaf() - b.firstLeaf() + 1, root, List.of(b.range())));
            outbox.add(new OutboxRow(b.seq(), b.firstLeaf(), b.lastLeaf(), root, b.state(), 1, 0, 0));
            if (b.state().equals("CONFIRMED")) {
                onChain.add(new ChainEvent(b.seq(), b.firstLeaf(), b.lastLeaf(), root, 10 + b.seq()));
            }
        }
        return new AnchoringSnapshot("acme", "0x", "0x", onChain.size(), onChain.stream().mapToLong(e -> e.lastSeq() + 1)
                .max().orElse(0), stored, outbox, onChain, drain);
    }

    private static EvidenceSnapshot.Row row(String lane, long seq) {
        return new EvidenceSnapshot.Row(lane, seq, "DECISION", "p", "acme-1", "");
    }

    private static AnchoringSnapshot anchoring(Range... ranges) {
        return new AnchoringSnapshot("acme", "0x", "0x", 1, 0, List.of(new StoredBatch(0, ranges.length, "0x",
                List.of(ranges))), List.of(), List.of(), DRAINED);
    }
}
