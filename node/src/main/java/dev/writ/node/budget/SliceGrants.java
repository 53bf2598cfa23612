package dev.writ.node.budget;

import dev.writ.policy.BudgetCharge;
import dev.writ.policy.PlainDecimal;
import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;

/**
 * What the owner of one budget in one period has handed out, and how big the next slice is. Pure
 * and immutable: {@link BudgetEntity} asks {@link #decide}, persists the grant, and applies it with
 * {@link #grant}. Nodes spend their slices in memory; the owner never learns what they spent, only
 * what it granted, so the budget is never overspent as long as {@code granted <= limit}, which
 * every grant keeps (a slice a crashed node did not spend is lost: under-use, never over-use).
 *
 * <p>A slice is {@code min(ask, remaining / (2 x nodes))}, at least what the asking node needs for
 * the charge in hand (and at least one admission of a rate budget), at most what remains: large
 * while the budget is far from its limit, so a node asks rarely, and shrinking near the limit, so
 * the remainder is not stranded on a node that will not spend it. The limit is the one the charge
 * carries (the policy in force when it was evaluated), so a tightened policy stops further grants
 * mid-period. When the domain is split into regions, an owner grants only its region's share of
 * the limit ({@link #cap}); the shares add up to at most the whole, so the regions together never
 * grant more than the limit.
 *
 * @param granted the sum of every slice granted (and, in journals written before slices, of every
 *                reservation)
 * @param grants  how many slices were granted; numbers the next grant's id
 */
public record SliceGrants(BigDecimal granted, long grants) {
    public SliceGrants {
        Objects.requireNonNull(granted, "granted");
    }

    public static SliceGrants empty() {
        return new SliceGrants(BigDecimal.ZERO, 0);
    }

    /** What to do with a node's request for a slice. */
    public sealed interface Verdict {
    }

    /** Grant {@code amount}; afterwards {@code remaining} of the limit is left to grant. */
    public record Grant(String grantId, BigDecimal amount, BigDecimal remaining) implements Verdict {
    }

    /** Less than the node needs is left; nothing changes. */
    public record Exhausted(ReasonCode code, String detail, BigDecimal remaining) implements Verdict {
    }

    /**
     * @param share what this owner may grant of the limit: its region's share, 1 for the whole
     * @param need  what the asking node lacks for the charge in hand (positive)
     * @param ask   the slice the node would like (its configured share of the limit)
     * @param nodes how many nodes may spend this budget (at least one): those of the owner's region
     */
    public Verdict decide(BudgetCharge charge, BigDecimal share, String budgetId, BigDecimal need, BigDecimal ask, int nodes) {
        BigDecimal cap = cap(charge, share);
        BigDecimal remaining = cap.subtract(granted);
        if (remaining.compareTo(need) < 0 || remaining.signum() <= 0) {
            return exhausted(charge, cap, share, remaining.max(BigDecimal.ZERO));
        }
        BigDecimal amount = size(charge.kind(), remaining, need, ask, nodes);
        return new Grant(budgetId + BudgetCharge.SEPARATOR + "g" + (grants + 1), amount, remaining.subtract(amount));
    }

    /**
     * What an owner holding {@code share} of the charge's limit may grant in all: the limit itself for
     * the whole, else limit x share, rounded down to whole admissions for a rate budget (so the shares'
     * caps never add up to more than the limit).
     */
    public static BigDecimal cap(BudgetCharge charge, BigDecimal share) {
        if (share.compareTo(BigDecimal.ONE) == 0) {
            return charge.limit();
        }
        BigDecimal part = charge.limit().multiply(share);
        BigDecimal capped = (charge.kind() == BudgetCharge.Kind.RATE ? part.setScale(0, RoundingMode.FLOOR) : part)
                .stripTrailingZeros();
        return capped.scale() < 0 ? capped.setScale(0) : capped;
    }

    /** The owner after granting {@code amount}; the event handler's only step. */
    public SliceGrants grant(BigDecimal amount) {
        return new SliceGrants(granted.add(amount), grants + 1);
    }

    /** The owner after a reservation journaled before slices existed: it counts as granted and spent. */
    public SliceGrants reserved(BigDecimal amount) {
        return new SliceGrants(granted.add(amount), grants);
    }

    /**
     * The slice for {@code need} out of {@code remaining >= need}: never more than remaining, so the
     * sum of all grants never exceeds the limit. A rate budget is granted whole admissions.
     */
    static BigDecimal size(BudgetCharge.Kind kind, BigDecimal remaining, BigDecimal need, BigDecimal ask, int nodes) {
        BigDecimal share = remaining.divide(BigDecimal.valueOf(2L * Math.max(1, nodes)),
                Math.max(remaining.scale(), 0) + 4, RoundingMode.FLOOR);
        BigDecimal slice = ask.min(share).max(need);
        if (kind == BudgetCharge.Kind.RATE) {
            slice = slice.setScale(0, RoundingMode.FLOOR).max(BigDecimal.ONE);
        }
        BigDecimal plain = slice.min(remaining).stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    private Exhausted exhausted(BudgetCharge charge, BigDecimal cap, BigDecimal share, BigDecimal remaining) {
        String period = Instant.ofEpochMilli(charge.periodStartMillis()) + " + " + charge.periodMillis() / 1000 + "s";
        String of = share.compareTo(BigDecimal.ONE) == 0 ? PlainDecimal.render(cap)
                : PlainDecimal.render(cap) + " (this region's share " + PlainDecimal.render(share) + " of "
                + PlainDecimal.render(charge.limit()) + ")";
        if (charge.kind() == BudgetCharge.Kind.RATE) {
            return new Exhausted(ReasonCode.RATE_LIMIT_EXCEEDED, "rate budget " + charge.key() + ": "
                    + PlainDecimal.render(granted) + " of " + of
                    + " admissions granted in period " + period, remaining);
        }
        return new Exhausted(ReasonCode.SPEND_BUDGET_EXCEEDED, "spend budget " + charge.key() + ": "
                + PlainDecimal.render(granted) + " of " + of + " granted, "
                + PlainDecimal.render(remaining) + " left, " + PlainDecimal.render(charge.amount())
                + " asked in period " + period, remaining);
    }
}
