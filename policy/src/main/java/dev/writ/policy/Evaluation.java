package dev.writ.policy;

import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.DriftPredicate;
import dev.writ.protocol.wire.PolicyEpoch;
import dev.writ.protocol.wire.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The policy's answer to one proposal. DENY carries every violated constraint as a reason, a zero
 * window and no drift predicates or charges. ALLOW and ESCALATE carry the writ window, the drift
 * predicates for the execution contract and the budget charges admission must reserve before it
 * mints (a refused charge turns the decision into a DENY).
 */
public record Evaluation(Decision decision, List<Reason> reasons, Duration window,
                         List<DriftPredicate> drift, List<BudgetCharge> charges, PolicyEpoch epoch) {
    public Evaluation {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(epoch, "epoch");
        reasons = List.copyOf(reasons);
        drift = List.copyOf(drift);
        charges = List.copyOf(charges);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("every decision carries at least one reason");
        }
        if (decision == Decision.DENY && (!charges.isEmpty() || !window.isZero())) {
            throw new IllegalArgumentException("a denial charges no budget and opens no window");
        }
    }

    /** The reason codes, in order. */
    public List<String> codes() {
        return reasons.stream().map(Reason::getCode).toList();
    }
}
