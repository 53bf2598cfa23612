package dev.writ.node.budget;

import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import dev.writ.protocol.wire.Reason;
import org.apache.pekko.pattern.StatusReply;

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
 * could itself fail. Retrying the same proposal id is safe: a budget that already holds the
 * proposal's reservation does not charge it again.
 *
 * <p>Refusals travel as {@link StatusReply#error(String)} messages {@code "<REASON_CODE>: <detail>"}
 * (plain strings serialize across the cluster); {@link #reasonOf} turns any failure back into a
 * {@link Reason}, and anything that is not a budget's own refusal (a timeout, a crashed shard)
 * becomes BUDGET_UNAVAILABLE.
 */
public final class BudgetReservations {
    private BudgetReservations() {
    }

    /** Reserves one charge at its budget; completes with the reservation or fails with the refusal. */
    @FunctionalInterface
    public interface Reserver {
        CompletionStage<BudgetEntity.Reservation> reserve(BudgetCharge charge, String proposalId);
    }

    /** The result of reserving all charges. */
    public sealed interface Outcome {
    }

    /** Every charge is reserved (some perhaps by an earlier attempt with the same proposal id). */
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
    public static CompletionStage<Outcome> reserveAll(List<BudgetCharge> charges, String proposalId, Reserver reserver) {
        return next(List.copyOf(charges), 0, proposalId, reserver, new ArrayList<>());
    }

    private static CompletionStage<Outcome> next(List<BudgetCharge> charges, int index, String proposalId, Reserver reserver,
                                                 List<BudgetEntity.Reservation> done) {
        if (index == charges.size()) {
            return CompletableFuture.completedFuture(new AllReserved(done));
        }
        BudgetCharge charge = charges.get(index);
        CompletionStage<BudgetEntity.Reservation> attempt;
        try {
            attempt = reserver.reserve(charge, proposalId);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        return attempt.handle((reservation, failure) -> {
            if (failure != null) {
                return CompletableFuture.<Outcome>completedFuture(new Refused(reasonOf(failure), charge, done));
            }
            List<BudgetEntity.Reservation> more = new ArrayList<>(done);
            more.add(reservation);
            return next(charges, index + 1, proposalId, reserver, more);
        }).thenCompose(stage -> stage);
    }

    /** The error message a budget refuses with. */
    public static String refusalMessage(ReasonCode code, String detail) {
        return code.name() + ": " + detail;
    }

    /** The reason for a failed reservation: the budget's own code, or BUDGET_UNAVAILABLE. */
    public static Reason reasonOf(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StatusReply.ErrorMessage) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            for (ReasonCode code : new ReasonCode[] {ReasonCode.RATE_LIMIT_EXCEEDED, ReasonCode.SPEND_BUDGET_EXCEEDED,
                    ReasonCode.BUDGET_UNAVAILABLE}) {
                String prefix = code.name() + ": ";
                if (message.startsWith(prefix)) {
                    return code.reason(message.substring(prefix.length()));
                }
            }
        }
        return ReasonCode.BUDGET_UNAVAILABLE.reason("budget did not answer: " + cause);
    }
}
