package dev.writ.node.admission;

import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.budget.BudgetEscrow;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.policy.BudgetCharge;
import dev.writ.policy.Evaluation;
import dev.writ.policy.ReasonCode;
import dev.writ.protocol.wire.BudgetDraw;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.PolicyEpoch;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BudgetsTest {
    // both periods contain the same decision time, as the evaluator's charges always do
    private static final BudgetCharge RATE = new BudgetCharge("spiffe://acme/agent/a#r#RATE", BudgetCharge.Kind.RATE,
            3_600_000, 60_000, new BigDecimal("10"), BigDecimal.ONE);
    private static final BudgetCharge SPEND = new BudgetCharge("spiffe://acme/agent/a#r#SPEND", BudgetCharge.Kind.SPEND,
            3_600_000, 3_600_000, new BigDecimal("1000"), new BigDecimal("400"));

    /** Grants one rate slice of one admission; the spend budget is exhausted. Records what was asked. */
    private final List<String> asked = new ArrayList<>();
    private final Budgets budgets = new Budgets(new BudgetEscrow((charge, need, ask, nodes) -> {
        asked.add(charge.kind().name());
        return CompletableFuture.completedFuture(charge.kind() == BudgetCharge.Kind.RATE && asked.size() == 1
                ? new BudgetEntity.Slice(charge.entityId() + "#g1", BigDecimal.ONE, new BigDecimal("9"))
                : charge.kind() == BudgetCharge.Kind.RATE
                ? new BudgetEntity.Slice(charge.entityId() + "#g2", BigDecimal.ONE, new BigDecimal("8"))
                : new BudgetEntity.Exhausted(ReasonCode.SPEND_BUDGET_EXCEEDED, "spent", BigDecimal.ZERO));
    }, () -> 1, new NodeSettings.Budgets(0.1, 0.0, Duration.ofSeconds(5), Duration.ofSeconds(5))));

    @Test
    void bothChargesAreRecordedWithTheGrantsTheyCameFrom() {
        Budgets.Budgeted budgeted = budgets.reserve(allow(RATE), "p1").toCompletableFuture().join();
        assertThat(budgeted.evaluation().decision()).isEqualTo(Decision.ALLOW);
        assertThat(budgeted.draws()).containsExactly(BudgetDraw.newBuilder().setBudgetId(RATE.entityId()).setKind("RATE")
                .setAmount("1").setLimit("10").addGrantIds(RATE.entityId() + "#g1").build());
    }

    @Test
    void aRefusedChargeDeniesWithItsCodeAndTheOtherGoesBackToTheSlice() {
        Budgets.Budgeted denied = budgets.reserve(allow(RATE, SPEND), "p1").toCompletableFuture().join();
        assertThat(denied.evaluation().decision()).isEqualTo(Decision.DENY);
        assertThat(denied.evaluation().codes()).containsExactly(ReasonCode.SPEND_BUDGET_EXCEEDED.name());
        assertThat(denied.draws()).isEmpty();

        Budgets.Budgeted next = budgets.reserve(allow(RATE), "p1").toCompletableFuture().join();
        assertThat(next.draws()).singleElement().satisfies(draw -> assertThat(draw.getGrantIdsList())
                .as("the rate charge the denial gave back").containsExactly(RATE.entityId() + "#g1"));
        assertThat(asked).containsExactlyInAnyOrder("RATE", "SPEND");
    }

    @Test
    void anOwnerThatDoesNotAnswerDecidesNothingAndTheOtherChargeGoesBack() {
        // the rate owner grants, the spend owner never answers: no DENY, a retryable refusal
        List<String> grants = new ArrayList<>();
        Budgets silentSpend = new Budgets(new BudgetEscrow((charge, need, ask, nodes) -> {
            if (charge.kind() == BudgetCharge.Kind.SPEND) {
                return CompletableFuture.failedFuture(new TimeoutException("no answer"));
            }
            grants.add(charge.entityId() + "#g" + (grants.size() + 1));
            return CompletableFuture.completedFuture(new BudgetEntity.Slice(grants.get(grants.size() - 1), BigDecimal.ONE,
                    new BigDecimal("9")));
        }, () -> 1, new NodeSettings.Budgets(0.1, 0.0, Duration.ofSeconds(5), Duration.ofSeconds(5))));

        assertThatThrownBy(() -> silentSpend.reserve(allow(RATE, SPEND), "p1").toCompletableFuture().join())
                .hasCauseInstanceOf(Refusal.class)
                .satisfies(e -> {
                    Refusal refusal = (Refusal) e.getCause();
                    assertThat(refusal.code()).isEqualTo(RefusalCode.BUDGET_UNAVAILABLE);
                    assertThat(refusal.code().httpStatus()).isEqualTo(503);
                    assertThat(refusal.subject()).isEqualTo("p1");
                    assertThat(refusal.getMessage()).contains("no answer").contains("retry with the same id");
                });
        Budgets.Budgeted next = silentSpend.reserve(allow(RATE), "p2").toCompletableFuture().join();
        assertThat(next.draws()).singleElement().satisfies(draw -> assertThat(draw.getGrantIdsList())
                .as("the rate charge the refusal gave back").containsExactly(grants.get(0)));
        assertThat(grants).hasSize(1);
    }

    @Test
    void aBudgetWithoutRoomIsADenyEvenWhenAnotherOwnerDidNotAnswer() {
        Budgets mixed = new Budgets(new BudgetEscrow((charge, need, ask, nodes) -> charge.kind() == BudgetCharge.Kind.SPEND
                ? CompletableFuture.completedFuture(new BudgetEntity.Exhausted(ReasonCode.SPEND_BUDGET_EXCEEDED, "spent",
                BigDecimal.ZERO))
                : CompletableFuture.failedFuture(new TimeoutException("no answer")),
                () -> 1, new NodeSettings.Budgets(0.1, 0.0, Duration.ofSeconds(5), Duration.ofSeconds(5))));
        Budgets.Budgeted denied = mixed.reserve(allow(RATE, SPEND), "p1").toCompletableFuture().join();
        assertThat(denied.evaluation().decision()).isEqualTo(Decision.DENY);
        assertThat(denied.evaluation().codes()).containsExactly(ReasonCode.SPEND_BUDGET_EXCEEDED.name());
    }

    private static Evaluation allow(BudgetCharge... charges) {
        return new Evaluation(Decision.ALLOW, List.of(ReasonCode.WITHIN_POLICY.reason("ok")), Duration.ofSeconds(60),
                List.of(), List.of(charges), PolicyEpoch.newBuilder().setVersion(1).build());
    }
}
