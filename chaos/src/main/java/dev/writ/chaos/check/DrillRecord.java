package dev.writ.chaos.check;

import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EvidenceSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * What the checkers read: the history, the evidence when it could be read after the drill, and
 * the evidence anchoring (batches, outbox, chain) when it could be read.
 */
public record DrillRecord(List<Event> history, Optional<EvidenceSnapshot> evidence,
                          Optional<AnchoringSnapshot> anchoring) {
    public DrillRecord {
        history = List.copyOf(history);
    }

    /** A record without anchoring (the checkers that need it answer UNKNOWN). */
    public DrillRecord(List<Event> history, Optional<EvidenceSnapshot> evidence) {
        this(history, evidence, Optional.empty());
    }
}
