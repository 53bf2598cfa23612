package dev.writ.node.admission;

import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.budget.BudgetReservations;
import dev.writ.policy.Evaluation;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Cluster-wide budgets at admission: the evaluation's rate and spend charges are reserved at their
 * sharded budget entities (one per agent, rule and period, so every node counts against the same
 * budget); a refused or unreachable budget turns the decision into a DENY with its reason. Charges
 * are keyed by the admission's id, which only the admission holding the proposal's claim has, so
 * a copy of an admitted proposal can never be waved through as "already reserved".
 */
public final class Budgets {
    private final BudgetReservations.Reserver reserver;

    public Budgets(ClusterSharding sharding, Duration askTimeout, Executor continuations) {
        this.reserver = BudgetEntity.reserver(sharding, askTimeout, continuations);
    }

    CompletionStage<Evaluation> reserve(String admissionId, Evaluation evaluation) {
        if (evaluation.charges().isEmpty()) {
            return CompletableFuture.completedFuture(evaluation);
        }
        return BudgetReservations.reserveAll(evaluation.charges(), admissionId, reserver)
                .thenApply(outcome -> outcome instanceof BudgetReservations.Refused refused
                        ? new Evaluation(Decision.DENY, List.of(refused.reason()), Duration.ZERO, List.of(), List.of(),
                                evaluation.epoch())
                        : evaluation);
    }
}
