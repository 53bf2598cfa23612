package dev.writ.node.budget;

import dev.writ.policy.BudgetCharge;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one node holds of one budget in one period: the unspent parts of the slices the owner
 * granted it, oldest first, and what the owner last said when it had too little left. Pure and
 * immutable; {@link BudgetEscrow} keeps one per budget and swaps it under a lock.
 *
 * <p>Admission takes from the slices here without a round trip. A charge is taken whole or not at
 * all, from one or more slices; each part names its grant, which the DECISION record carries. An
 * admission refused after its charge was taken gives it back: nothing was admitted with it, and
 * the slice is still this node's to spend.
 *
 * @param held      unspent slices, oldest first, none empty
 * @param lastGrant the size of the last slice granted: the low-water mark is a share of it
 * @param exhausted the owner's last "too little left", with the limit it applied to
 */
public record SliceAccount(List<Held> held, BigDecimal lastGrant, Optional<OwnerExhausted> exhausted) {
    public SliceAccount {
        held = List.copyOf(held);
        Objects.requireNonNull(lastGrant, "lastGrant");
        Objects.requireNonNull(exhausted, "exhausted");
    }

    public static SliceAccount empty() {
        return new SliceAccount(List.of(), BigDecimal.ZERO, Optional.empty());
    }

    /** The unspent part of one granted slice. */
    public record Held(String grantId, BigDecimal amount) {
    }

    /** One part of a charge, and the grant it was taken from. */
    public record Draw(String grantId, BigDecimal amount) {
    }

    /** The account after a charge was taken, and the parts it was taken in. */
    public record Taken(SliceAccount after, List<Draw> draws) {
    }

    /** The owner had {@code answer.remaining()} left under {@code limit} when it refused. */
    public record OwnerExhausted(BigDecimal limit, BudgetEntity.Exhausted answer) {
    }

    public BigDecimal available() {
        return held.stream().map(Held::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Takes {@code amount} from the oldest slices, or nothing when they hold less. */
    public Optional<Taken> take(BigDecimal amount) {
        if (available().compareTo(amount) < 0) {
            return Optional.empty();
        }
        List<Held> left = new ArrayList<>();
        List<Draw> draws = new ArrayList<>();
        BigDecimal owed = amount;
        for (Held h : held) {
            BigDecimal part = owed.min(h.amount());
            if (part.signum() > 0) {
                draws.add(new Draw(h.grantId(), part));
                owed = owed.subtract(part);
            }
            if (h.amount().compareTo(part) > 0) {
                left.add(new Held(h.grantId(), h.amount().subtract(part)));
            }
        }
        return Optional.of(new Taken(new SliceAccount(left, lastGrant, exhausted), draws));
    }

    /** The account after the owner granted {@code slice}. */
    public SliceAccount credit(BudgetEntity.Slice slice) {
        List<Held> more = new ArrayList<>(held);
        if (slice.amount().signum() > 0) {
            more.add(new Held(slice.grantId(), slice.amount()));
        }
        return new SliceAccount(more, slice.amount(), exhausted);
    }

    /** The account after the owner answered that it has too little left under {@code limit}. */
    public SliceAccount exhausted(BigDecimal limit, BudgetEntity.Exhausted answer) {
        return new SliceAccount(held, lastGrant, Optional.of(new OwnerExhausted(limit, answer)));
    }

    /** The account after a charge taken from it came back unspent. */
    public SliceAccount giveBack(List<Draw> draws) {
        List<Held> back = new ArrayList<>();
        for (Draw d : draws) {
            back.add(new Held(d.grantId(), d.amount()));
        }
        back.addAll(held);
        return new SliceAccount(back, lastGrant, exhausted);
    }

    /**
     * The owner's refusal, when asking it again for {@code need} under the charge's limit is bound
     * to be refused: what it has left only shrinks while the limit stays.
     */
    public Optional<BudgetEntity.Exhausted> refusal(BudgetCharge charge, BigDecimal need) {
        return exhausted.filter(e -> e.limit().compareTo(charge.limit()) == 0 && need.compareTo(e.answer().remaining()) > 0)
                .map(OwnerExhausted::answer);
    }

    /** Whether less than {@code lowWater} of the last slice is left: time to ask for the next. */
    public boolean belowLowWater(double lowWater) {
        return available().compareTo(lastGrant.multiply(BigDecimal.valueOf(lowWater))) < 0;
    }
}
