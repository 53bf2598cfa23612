package dev.writ.chaos.check;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EvidenceSnapshot;
import java.util.List;
import java.util.Optional;

/** What the checkers read: the history, and the evidence when it could be read after the drill. */
public record DrillRecord(List<Event> history, Optional<EvidenceSnapshot> evidence) {
    public DrillRecord {
        history = List.copyOf(history);
    }
}
