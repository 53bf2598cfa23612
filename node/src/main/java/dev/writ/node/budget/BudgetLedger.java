package dev.writ.node.budget;

import dev.writ.policy.BudgetCharge;
import dev.writ.policy.PlainDecimal;
import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one budget in one period, and the decision whether a charge fits. Pure and
 * immutable: {@link BudgetEntity} asks {@link #decide}, persists what it says, and applies it with
 * {@link #reserve}.
 *
 * <p>A charge fits when {@code used + amount <= limit}, with the limit the charge carries (the
 * policy in force when it was evaluated; a tightened policy therefore takes effect mid-period).
 * An admission that already holds a reservation is answered with that reservation and never
 * charged twice, so a retried ask (timeout, failover) of the same admission is idempotent. The key
 * is the admission's id, never the proposal's: a proposal id is the agent's to choose, so a
 * reservation found under it would let a second admission of that id through uncharged.
 */
public record BudgetLedger(BigDecimal used, Map<String, BigDecimal> reservations) {
    public BudgetLedger {
        Objects.requireNonNull(used, "used");
        reservations = Map.copyOf(reservations);
    }

    public static BudgetLedger empty() {
        return new BudgetLedger(BigDecimal.ZERO, Map.of());
    }

    /** What to do with a reservation request. */
    public sealed interface Verdict {
    }

    /** The charge fits: persist it; afterwards {@code usedAfter} of the limit is used. */
    public record Accept(BigDecimal usedAfter) implements Verdict {
    }

    /** This admission already holds {@code amount}: answer as before, charge nothing. */
    public record AlreadyReserved(BigDecimal amount) implements Verdict {
    }

    /** The charge does not fit; nothing changes. */
    public record Refuse(ReasonCode code, String detail) implements Verdict {
    }

    public Verdict decide(BudgetCharge charge, String admissionId) {
        BigDecimal held = reservations.get(admissionId);
        if (held != null) {
            return new AlreadyReserved(held);
        }
        BigDecimal after = used.add(charge.amount());
        if (after.compareTo(charge.limit()) <= 0) {
            return new Accept(after);
        }
        String period = Instant.ofEpochMilli(charge.periodStartMillis()) + " + " + charge.periodMillis() / 1000 + "s";
        if (charge.kind() == BudgetCharge.Kind.RATE) {
            return new Refuse(ReasonCode.RATE_LIMIT_EXCEEDED, "rate budget " + charge.key() + ": "
                    + PlainDecimal.render(used) + " of " + PlainDecimal.render(charge.limit()) + " admissions used in period " + period);
        }
        return new Refuse(ReasonCode.SPEND_BUDGET_EXCEEDED, "spend budget " + charge.key() + ": "
                + PlainDecimal.render(used) + " + " + PlainDecimal.render(charge.amount()) + " > "
                + PlainDecimal.render(charge.limit()) + " in period " + period);
    }

    /** The ledger after {@code admissionId} reserved {@code amount}; the event handler's only step. */
    public BudgetLedger reserve(String admissionId, BigDecimal amount) {
        Map<String, BigDecimal> next = new HashMap<>(reservations);
        next.put(admissionId, amount);
        return new BudgetLedger(used.add(amount), next);
    }
}
