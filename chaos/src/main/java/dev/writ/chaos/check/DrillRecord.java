package dev.writ.chaos.check;

import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EvidenceSnapshot;
import dev.writ.chaos.history.ReconciliationSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the checkers read: the history, the drilled domain's evidence when it could be read after
 * the drill, the evidence of every partner domain that took part (read from its own store), and
 * the evidence anchoring (batches, outbox, chain) and every node's reconciliation digest when they
 * could be read.
 *
 * @param partnerEvidence the other domains' evidence, one snapshot per domain read; a partner whose
 *                        store could not be read is absent, and what its nodes acknowledged is UNKNOWN
 */
public record DrillRecord(List<Event> history, Optional<EvidenceSnapshot> evidence, List<EvidenceSnapshot> partnerEvidence,
                          Optional<AnchoringSnapshot> anchoring, Optional<ReconciliationSnapshot> reconciliation) {
    public DrillRecord {
        history = List.copyOf(history);
        partnerEvidence = List.copyOf(partnerEvidence);
    }

    /** A record of one domain's drill: no partner evidence. */
    public DrillRecord(List<Event> history, Optional<EvidenceSnapshot> evidence,
                       Optional<AnchoringSnapshot> anchoring, Optional<ReconciliationSnapshot> reconciliation) {
        this(history, evidence, List.of(), anchoring, reconciliation);
    }

    /** A record without anchoring or reconciliation (the checkers that need them answer UNKNOWN). */
    public DrillRecord(List<Event> history, Optional<EvidenceSnapshot> evidence) {
        this(history, evidence, List.of(), Optional.empty(), Optional.empty());
    }

    /** The evidence of {@code domain}, the drilled one's or a partner's, when it was read. */
    public Optional<EvidenceSnapshot> evidenceOf(String domain) {
        if (evidence.isPresent() && evidence.get().domain().equals(domain)) {
            return evidence;
        }
        return partnerEvidence.stream().filter(s -> s.domain().equals(domain)).findFirst();
    }

    /** Every domain's evidence that was read: the drilled domain's first. */
    public List<EvidenceSnapshot> allEvidence() {
        List<EvidenceSnapshot> all = new ArrayList<>();
        evidence.ifPresent(all::add);
        all.addAll(partnerEvidence);
        return all;
    }
}
