package dev.writ.node.admission;

import dev.writ.node.budget.BudgetEscrow;
import dev.writ.node.budget.SliceAccount;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.policy.Evaluation;
import dev.writ.policy.PlainDecimal;
import dev.writ.protocol.wire.BudgetDraw;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Cluster-wide budgets at admission: the evaluation's rate and spend charges are taken, all at
 * once, from this node's escrowed slices of their budgets ({@link BudgetEscrow}: one owner per
 * agent, rule and period grants every node its slices, so all nodes together never admit more than
 * the limit). A budget without room turns the decision into a DENY with its reason; a budget whose
 * owner did not answer in time decides nothing (503 BUDGET_UNAVAILABLE, retryable: D63).
 * Either way the charges taken for it go back to the slices. A copy of a proposal whose id another
 * admission decided first is charged until its evidence append finds the id held, and then gives its
 * charges back ({@link #giveBack}): nothing was admitted with them, so a proposal is charged once.
 */
public final class Budgets {
    private final BudgetEscrow escrow;

    public Budgets(BudgetEscrow escrow) {
        this.escrow = escrow;
    }

    /** The decision after budgets, and what it took from them (recorded in its DECISION record). */
    record Budgeted(Evaluation evaluation, List<BudgetEscrow.Charged> charged) {
        Budgeted {
            charged = List.copyOf(charged);
        }

        static Budgeted nothing(Evaluation evaluation) {
            return new Budgeted(evaluation, List.of());
        }

        /** What the decision took, as its DECISION record states it. */
        List<BudgetDraw> draws() {
            return charged.stream().map(Budgets::draw).toList();
        }
    }

    /**
     * Takes the evaluation's charges; fails with {@link RefusalCode#BUDGET_UNAVAILABLE} (subject
     * {@code proposalId}) when an owner did not answer in time and no budget refused outright.
     */
    CompletionStage<Budgeted> reserve(Evaluation evaluation, String proposalId) {
        if (evaluation.charges().isEmpty()) {
            return CompletableFuture.completedFuture(Budgeted.nothing(evaluation));
        }
        List<CompletableFuture<BudgetEscrow.Outcome>> taking = evaluation.charges().stream()
                .map(charge -> escrow.take(charge).toCompletableFuture()).toList();
        return CompletableFuture.allOf(taking.toArray(CompletableFuture[]::new)).thenApply(all -> {
            List<BudgetEscrow.Outcome> outcomes = taking.stream().map(CompletableFuture::join).toList();
            var refused = outcomes.stream().filter(o -> o instanceof BudgetEscrow.Refused)
                    .map(o -> (BudgetEscrow.Refused) o).findFirst();
            var unavailable = outcomes.stream().filter(o -> o instanceof BudgetEscrow.Unavailable)
                    .map(o -> (BudgetEscrow.Unavailable) o).findFirst();
            if (refused.isPresent() || unavailable.isPresent()) {
                outcomes.stream().filter(o -> o instanceof BudgetEscrow.Charged)
                        .forEach(o -> escrow.giveBack((BudgetEscrow.Charged) o));
            }
            if (refused.isPresent()) {
                // no room in one budget is a verdict whatever the others answered
                return Budgeted.nothing(new Evaluation(Decision.DENY, List.of(refused.get().reason()), Duration.ZERO,
                        List.of(), List.of(), evaluation.epoch()));
            }
            if (unavailable.isPresent()) {
                throw new CompletionException(new Refusal(RefusalCode.BUDGET_UNAVAILABLE, proposalId,
                        unavailable.get().detail() + "; nothing was decided, retry with the same id"));
            }
            return new Budgeted(evaluation, outcomes.stream().map(o -> (BudgetEscrow.Charged) o).toList());
        });
    }

    /**
     * Gives back what {@code budgeted} took, for a decision known never to be recorded: another
     * admission's decision of its proposal id was recorded instead. Only then: a decision whose
     * append failed may have committed after all (a lost acknowledgement), so its charges stay taken
     * (under-use, never over-use).
     */
    void giveBack(Budgeted budgeted) {
        budgeted.charged().forEach(escrow::giveBack);
    }

    private static BudgetDraw draw(BudgetEscrow.Charged charged) {
        return BudgetDraw.newBuilder()
                .setBudgetId(charged.charge().entityId())
                .setKind(charged.charge().kind().name())
                .setAmount(PlainDecimal.render(charged.charge().amount()))
                .setLimit(PlainDecimal.render(charged.charge().limit()))
                .addAllGrantIds(charged.draws().stream().map(SliceAccount.Draw::grantId).toList())
                .build();
    }
}
