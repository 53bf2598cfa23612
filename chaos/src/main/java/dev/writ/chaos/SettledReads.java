package dev.writ.chaos;

import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.AnchoringSnapshot.ChainEvent;
import dev.writ.chaos.history.AnchoringSnapshot.OutboxRow;
import dev.writ.chaos.history.AnchoringSnapshot.StoredBatch;
import dev.writ.chaos.history.EvidenceSnapshot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the evidence and the anchoring the drill read after its schedule are judged, or read
 * again after another drain. The nodes keep writing after the schedule (expiries of the writs
 * never redeemed, up to a minute and a sweep after their issuance) and sealing those records, so a
 * read can catch records written after the drain found everything anchored: lanes that end at
 * different records in the two reads, or a batch the read found still on its way to the chain.
 * Those are not yet a loss, only a delay the drain had not been given; the drill drains and reads
 * again until the reads are settled, within {@link #BOUND} of the schedule's end. What is still
 * not anchored then, or whenever the drain itself ran out of time, is judged, and the anchoring
 * check fails it: a batch that never confirms still fails the drill.
 */
final class SettledReads {
    /**
     * How long after the schedule the drill keeps draining and reading again: beyond a writ's
     * minute of life, the expiry grace and one sweep, after which the nodes write nothing of their own.
     */
    static final Duration BOUND = Duration.ofSeconds(90);

    /** Read again, or judge these reads; {@code why} says what was seen either way. */
    record Decision(boolean readAgain, String why) {
    }

    private SettledReads() {
    }

    /**
     * @param sinceSchedule how long ago the schedule ended
     */
    static Decision decide(Optional<EvidenceSnapshot> evidence, Optional<AnchoringSnapshot> anchoring,
                           Duration sinceSchedule) {
        if (evidence.isEmpty() || anchoring.isEmpty()) {
            return new Decision(false, "a read failed: judged as it is");
        }
        AnchoringSnapshot a = anchoring.get();
        if (!a.drain().drained()) {
            return new Decision(false, "the drain ran out of time: judged as it is");
        }
        Optional<String> unsettled = unsettled(evidence.get(), a);
        if (unsettled.isEmpty()) {
            return new Decision(false, "every lane ends at the same record in both reads and every batch is on chain");
        }
        if (sinceSchedule.compareTo(BOUND) >= 0) {
            return new Decision(false, unsettled.get() + ", still " + sinceSchedule.toSeconds()
                    + " s after the schedule: judged as it is");
        }
        return new Decision(true, unsettled.get());
    }

    /** What in these reads was written after the drain, or empty when they show one anchored state. */
    static Optional<String> unsettled(EvidenceSnapshot evidence, AnchoringSnapshot anchoring) {
        if (!sameLastRecords(evidence, anchoring)) {
            return Optional.of("the evidence and the sealed batches end at different records");
        }
        List<String> pending = pendingBatches(anchoring);
        return pending.isEmpty() ? Optional.empty()
                : Optional.of("batches sealed after the drain, not yet on chain: " + String.join(", ", pending));
    }

    /**
     * Whether every lane's last record is the same in the evidence and in the sealed batches: then
     * both were read at one point of the domain's history as far as anchoring can tell.
     */
    static boolean sameLastRecords(EvidenceSnapshot evidence, AnchoringSnapshot anchoring) {
        Map<String, Long> written = new HashMap<>();
        evidence.records().forEach(r -> written.merge(r.lane(), r.seq(), Math::max));
        Map<String, Long> sealed = new HashMap<>();
        anchoring.batches().forEach(b -> b.ranges().forEach(r -> sealed.merge(r.lane(), r.lastSeq(), Math::max)));
        return written.equals(sealed);
    }

    /** The sealed batches whose outbox row is not CONFIRMED or that no {@code Anchored} event holds. */
    private static List<String> pendingBatches(AnchoringSnapshot anchoring) {
        Map<Long, String> states = anchoring.outbox().stream()
                .collect(Collectors.toMap(OutboxRow::batchSeq, OutboxRow::state, (x, y) -> x));
        Set<Long> onChain = anchoring.onChain().stream().map(ChainEvent::batchSeq).collect(Collectors.toSet());
        return anchoring.batches().stream()
                .map(StoredBatch::batchSeq)
                .filter(seq -> !"CONFIRMED".equals(states.get(seq)) || !onChain.contains(seq))
                .sorted()
                .map(seq -> "#" + seq + " " + states.getOrDefault(seq, "not queued")
                        + (onChain.contains(seq) ? "" : ", not on chain"))
                .toList();
    }
}
