package dev.writ.node.budget;

import dev.writ.node.config.NodeSettings;
import dev.writ.policy.BudgetCharge;
import dev.writ.protocol.wire.Reason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * This node's escrow of budget slices: admission takes a charge from the slice the budget's owner
 * granted this node, in memory, with no round trip; when what is left falls below the low-water
 * mark, the next slice is asked for in the background. Only when the slice cannot cover a charge
 * does admission wait, for at most the refill timeout, for the owner's answer: a slice (take
 * again), "exhausted" (refused with RATE_LIMIT_EXCEEDED or SPEND_BUDGET_EXCEEDED) or none
 * ({@link Unavailable}: fail closed, and nothing decided, as a young node's first slice can take
 * longer than the timeout; D63). After "exhausted" the node refuses what could not fit
 * without asking again, until the limit changes. A request outlives the admissions that gave up on
 * it ({@code writ.budgets.grant-timeout} bounds it): one slow answer costs those admissions, not the
 * slice, which the owner has already counted as granted.
 *
 * <p>Each budget and period has its own slices: a new period starts empty and asks for fresh
 * grants, and the previous period's slices are dropped. Slices live only in this process: a node
 * that dies loses what it had not spent (the budget is under-used, never over-used).
 */
public final class BudgetEscrow {

    /** Asks the owner of the charge's budget for a slice; see {@link BudgetEntity.RequestSlice}. */
    @FunctionalInterface
    public interface Owner {
        CompletionStage<BudgetEntity.Answer> requestSlice(BudgetCharge charge, BigDecimal need, BigDecimal ask, int nodes);
    }

    /** What taking one charge came to. */
    public sealed interface Outcome {
        BudgetCharge charge();
    }

    /** Taken, in parts from the named grants of this node. */
    public record Charged(BudgetCharge charge, List<SliceAccount.Draw> draws) implements Outcome {
        public Charged {
            draws = List.copyOf(draws);
        }
    }

    /** Not taken: the budget has no room for it (a policy verdict, DENY), and why. */
    public record Refused(BudgetCharge charge, Reason reason) implements Outcome {
    }

    /** What this node holds of one budget now: its kind and what is left of its slices (for metrics). */
    public record Holding(BudgetCharge.Kind kind, BigDecimal available) {
    }

    /**
     * Not taken, because the budget's owner gave no answer in time: not a verdict on the action, so
     * admission decides nothing and the agent may retry (503 BUDGET_UNAVAILABLE).
     */
    public record Unavailable(BudgetCharge charge, String detail) implements Outcome {
    }

    /** One budget and period at this node; its account is swapped under the object's lock. */
    private static final class Budget {
        final long periodEndMillis;
        final BudgetCharge.Kind kind;
        SliceAccount account = SliceAccount.empty();
        CompletableFuture<Void> refill;

        Budget(long periodEndMillis, BudgetCharge.Kind kind) {
            this.periodEndMillis = periodEndMillis;
            this.kind = kind;
        }
    }

    private final Owner owner;
    private final IntSupplier nodes;
    private final NodeSettings.Budgets settings;
    private final ConcurrentHashMap<String, Budget> budgets = new ConcurrentHashMap<>();
    /** Refused charges by reason code: the codes are ReasonCode's, so the map stays small. */
    private final ConcurrentHashMap<String, LongAdder> refusals = new ConcurrentHashMap<>();

    public BudgetEscrow(Owner owner, IntSupplier nodes, NodeSettings.Budgets settings) {
        this.owner = owner;
        this.nodes = nodes;
        this.settings = settings;
    }

    /** Takes {@code charge} from this node's slice of its budget; never completes exceptionally. */
    public CompletionStage<Outcome> take(BudgetCharge charge) {
        return attempt(charge, System.nanoTime() + settings.refillTimeout().toNanos()).whenComplete((outcome, failure) -> {
            if (outcome instanceof Refused refused) {
                refusals.computeIfAbsent(refused.reason().getCode(), code -> new LongAdder()).increment();
            }
        });
    }

    /** The budgets this node holds slices of now, each with what is left. */
    public List<Holding> holdings() {
        return budgets.values().stream().map(b -> {
            synchronized (b) {
                return new Holding(b.kind, b.account.available());
            }
        }).toList();
    }

    /** Charges refused since start, by reason code. */
    public Map<String, Long> refusals() {
        Map<String, Long> counts = new TreeMap<>();
        refusals.forEach((code, n) -> counts.put(code, n.sum()));
        return counts;
    }

    /** Returns a charge whose admission was refused after all: nothing was admitted with it. */
    public void giveBack(Charged charged) {
        Budget budget = budgets.get(charged.charge().entityId());
        if (budget != null) {
            synchronized (budget) {
                budget.account = budget.account.giveBack(charged.draws());
            }
        }
    }

    private CompletionStage<Outcome> attempt(BudgetCharge charge, long deadlineNanos) {
        Budget budget = budget(charge);
        CompletableFuture<Void> refilled;
        synchronized (budget) {
            Optional<SliceAccount.Taken> taken = budget.account.take(charge.amount());
            if (taken.isPresent()) {
                budget.account = taken.get().after();
                BigDecimal unit = charge.kind() == BudgetCharge.Kind.RATE ? BigDecimal.ONE : charge.amount();
                if (unit.signum() > 0 && budget.account.belowLowWater(settings.lowWater())
                        && budget.account.refusal(charge, unit).isEmpty()) {
                    refill(budget, charge, unit);
                }
                return CompletableFuture.completedFuture(new Charged(charge, taken.get().draws()));
            }
            BigDecimal need = charge.amount().subtract(budget.account.available());
            Optional<BudgetEntity.Exhausted> refused = budget.account.refusal(charge, need);
            if (refused.isPresent()) {
                return CompletableFuture.completedFuture(new Refused(charge, refused.get().code().reason(refused.get().detail())));
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                return CompletableFuture.completedFuture(waitedTooLong(charge));
            }
            refilled = refill(budget, charge, need);
        }
        // the admission waits at most until its deadline; the request itself stays in flight, so a slice
        // granted late is still credited rather than lost
        return refilled.thenApply(done -> true)
                .completeOnTimeout(false, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)
                .handle((answered, failure) -> failure != null
                        ? CompletableFuture.<Outcome>completedFuture(unavailable(charge, failure))
                        : answered
                        ? attempt(charge, deadlineNanos)
                        : CompletableFuture.<Outcome>completedFuture(waitedTooLong(charge)))
                .thenCompose(next -> next);
    }

    private Budget budget(BudgetCharge charge) {
        Budget budget = budgets.get(charge.entityId());
        if (budget != null) {
            return budget;
        }
        // a new period: a charge's period began no later than now, so the slices of periods that ended
        // before it began are worth nothing any more
        budgets.values().removeIf(old -> old.periodEndMillis <= charge.periodStartMillis());
        return budgets.computeIfAbsent(charge.entityId(), id -> new Budget(charge.periodStartMillis() + charge.periodMillis(), charge.kind()));
    }

    /** Asks the owner for a slice, unless a request is already in flight; call under the budget's lock. */
    private CompletableFuture<Void> refill(Budget budget, BudgetCharge charge, BigDecimal need) {
        if (budget.refill != null) {
            return budget.refill;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        budget.refill = done;
        CompletionStage<BudgetEntity.Answer> asked;
        try {
            asked = owner.requestSlice(charge, need, ask(charge), Math.max(1, nodes.getAsInt()));
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        asked.whenComplete((answer, failure) -> {
            synchronized (budget) {
                budget.refill = null;
                if (answer instanceof BudgetEntity.Slice slice) {
                    budget.account = budget.account.credit(slice);
                } else if (answer instanceof BudgetEntity.Exhausted exhausted) {
                    budget.account = budget.account.exhausted(charge.limit(), exhausted);
                }
            }
            if (failure != null) {
                done.completeExceptionally(failure);
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    /** The slice this node asks for: its share of the limit, whole admissions for a rate budget. */
    private BigDecimal ask(BudgetCharge charge) {
        BigDecimal share = charge.limit().multiply(BigDecimal.valueOf(settings.sliceOfLimit()));
        return charge.kind() == BudgetCharge.Kind.RATE ? share.setScale(0, RoundingMode.FLOOR).max(BigDecimal.ONE) : share;
    }

    private Unavailable waitedTooLong(BudgetCharge charge) {
        return new Unavailable(charge, "no slice of budget " + charge.entityId() + " within " + settings.refillTimeout());
    }

    private static Unavailable unavailable(BudgetCharge charge, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return new Unavailable(charge, "the owner of budget " + charge.entityId() + " did not answer: " + cause);
    }
}
