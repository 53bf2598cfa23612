package dev.writ.chaos.check;

import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EvidenceSnapshot;
import dev.writ.chaos.history.ReconciliationSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * What the checkers read: the history, the evidence when it could be read after the drill, and
 * the evidence anchoring (batches, outbox, chain) and every node's reconciliation digest when they
 * could be read.
 */
public record DrillRecord(List<Event> history, Optional<EvidenceSnapshot> evidence,
                          Optional<AnchoringSnapshot> anchoring, Optional<ReconciliationSnapshot> reconciliation) {
    public DrillRecord {
        history = List.copyOf(history);
    }

    /** A record without anchoring or reconciliation (the checkers that need them answer UNKNOWN). */
    public DrillRecord(List<Event> history, Optional<EvidenceSnapshot> evidence) {
        this(history, evidence, Optional.empty(), Optional.empty());
    }
}
