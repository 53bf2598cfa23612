package dev.writ.node.budget;

import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import dev.writ.protocol.wire.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Reserves every charge of an evaluation, one after the other, stopping at the first refusal.
 *
 * <p>There is no rollback: a refusal or failure after earlier charges leaves those charged, and
 * the action is refused. That fails closed — a budget may end up under-used (it counted an
 * admission that never got a writ), never over-used — and it needs no compensation protocol that
 * could itself fail. Asking again for the same admission is safe: a budget that already holds the
 * admission's reservation does not charge it again.
 *
 * <p>A budget's own refusal comes back as a typed {@link BudgetEntity.Refused} answer; a failure
 * to get any answer (a timeout, a crashed shard) becomes BUDGET_UNAVAILABLE.
 */
public final class BudgetReservations {
    private BudgetReservations() {
    }

    /** Reserves one charge at its budget; completes with the reservation or fails with the refusal. */
    @FunctionalInterface
    public interface Reserver {
        CompletionStage<BudgetEntity.Answer> reserve(BudgetCharge charge, String admissionId);
    }

    /** The result of reserving all charges. */
    public sealed interface Outcome {
    }

    /** Every charge is reserved (some perhaps by an earlier ask of the same admission). */
    public record AllReserved(List<BudgetEntity.Reservation> reservations) implements Outcome {
        public AllReserved {
            reservations = List.copyOf(reservations);
        }
    }

    /** A charge was refused; {@code charged} stay charged (fail closed, see the class comment). */
    public record Refused(Reason reason, BudgetCharge refusedCharge, List<BudgetEntity.Reservation> charged) implements Outcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            charged = List.copyOf(charged);
        }
    }

    /** Reserves {@code charges} in order; never completes exceptionally. */
    public static CompletionStage<Outcome> reserveAll(List<BudgetCharge> charges, String admissionId, Reserver reserver) {
        return next(List.copyOf(charges), 0, admissionId, reserver, new ArrayList<>());
    }

    private static CompletionStage<Outcome> next(List<BudgetCharge> charges, int index, String admissionId, Reserver reserver,
                                                 List<BudgetEntity.Reservation> done) {
        if (index == charges.size()) {
            return CompletableFuture.completedFuture(new AllReserved(done));
        }
        BudgetCharge charge = charges.get(index);
        CompletionStage<BudgetEntity.Answer> attempt;
        try {
            attempt = reserver.reserve(charge, admissionId);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        return attempt.handle((answer, failure) -> {
            if (failure != null) {
                return CompletableFuture.<Outcome>completedFuture(new Refused(unavailable(failure), charge, done));
            }
            if (answer instanceof BudgetEntity.Refused refused) {
                return CompletableFuture.<Outcome>completedFuture(new Refused(refused.code().reason(refused.detail()),
                        charge, done));
            }
            List<BudgetEntity.Reservation> more = new ArrayList<>(done);
            more.add((BudgetEntity.Reservation) answer);
            return next(charges, index + 1, admissionId, reserver, more);
        }).thenCompose(stage -> stage);
    }

    /** The reason when a budget gave no answer at all. */
    static Reason unavailable(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return ReasonCode.BUDGET_UNAVAILABLE.reason("budget did not answer: " + cause);
    }
}
