package dev.writ.node.budget;

import dev.writ.node.EntityTestBase;
import dev.writ.policy.BudgetCharge;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetEntityTest extends EntityTestBase {
    private static final BudgetCharge SPEND = BudgetLedgerTest.spend("1000", "400");
    private static final BudgetCharge RATE = BudgetLedgerTest.rate(2);

    private EventSourcedBehaviorTestKit<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State> spendBudget;
    private EventSourcedBehaviorTestKit<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State> rateBudget;

    @BeforeEach
    void fresh() {
        spendBudget = EventSourcedBehaviorTestKit.create(testKit.system(), BudgetEntity.create(SPEND.entityId()));
        rateBudget = EventSourcedBehaviorTestKit.create(testKit.system(), BudgetEntity.create(RATE.entityId()));
        spendBudget.clear();
        rateBudget.clear();
    }

    private EventSourcedBehaviorTestKit.CommandResultWithReply<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State,
            StatusReply<BudgetEntity.Reservation>> reserve(
            EventSourcedBehaviorTestKit<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State> kit, BudgetCharge charge, String id) {
        return kit.runCommand(replyTo -> new BudgetEntity.Reserve(charge, id, replyTo));
    }

    @Test
    void aReservationThatFitsIsPersistedAndAccepted() {
        var result = reserve(spendBudget, SPEND, "p1");
        assertThat(result.event()).isEqualTo(new BudgetEntity.Reserved("p1", new BigDecimal("400")));
        assertThat(result.reply().isSuccess()).isTrue();
        assertThat(result.reply().getValue()).isEqualTo(new BudgetEntity.Reservation(SPEND.entityId(), "p1",
                new BigDecimal("400"), new BigDecimal("400"), new BigDecimal("1000"), false));
        assertThat(result.state().ledger().used()).isEqualByComparingTo("400");
    }

    @Test
    void aSpendBeyondTheBudgetIsRefusedWithoutAnEvent() {
        reserve(spendBudget, SPEND, "p1");
        reserve(spendBudget, SPEND, "p2");
        var third = reserve(spendBudget, SPEND, "p3");
        assertThat(third.hasNoEvents()).isTrue();
        assertThat(third.reply().isError()).isTrue();
        assertThat(third.reply().getError().getMessage()).startsWith("SPEND_BUDGET_EXCEEDED: ").contains("800 + 400 > 1000");
        assertThat(third.state().ledger().used()).isEqualByComparingTo("800");
    }

    @Test
    void theRateLimitRefusesOnceUsedUp() {
        assertThat(reserve(rateBudget, RATE, "p1").reply().isSuccess()).isTrue();
        assertThat(reserve(rateBudget, RATE, "p2").reply().isSuccess()).isTrue();
        var third = reserve(rateBudget, RATE, "p3");
        assertThat(third.reply().getError().getMessage()).startsWith("RATE_LIMIT_EXCEEDED: ");
        assertThat(BudgetReservations.reasonOf(third.reply().getError()).getCode()).isEqualTo("RATE_LIMIT_EXCEEDED");
    }

    @Test
    void aRetriedReservationIsNotChargedTwice() {
        reserve(spendBudget, SPEND, "p1");
        var retry = reserve(spendBudget, SPEND, "p1");
        assertThat(retry.hasNoEvents()).isTrue();
        assertThat(retry.reply().getValue().repeated()).isTrue();
        assertThat(retry.state().ledger().used()).isEqualByComparingTo("400");
    }

    @Test
    void reservationsSurviveARestartAndStillCountAgainstTheBudget() {
        reserve(spendBudget, SPEND, "p1");
        reserve(spendBudget, SPEND, "p2");
        var restarted = spendBudget.restart();
        assertThat(restarted.state().ledger().used()).isEqualByComparingTo("800");
        assertThat(restarted.state().ledger().reservations()).containsOnlyKeys("p1", "p2");
        assertThat(reserve(spendBudget, SPEND, "p3").reply().isError()).isTrue();
        assertThat(reserve(spendBudget, SPEND, "p1").reply().getValue().repeated()).isTrue();
    }

    @Test
    void aChargeForAnotherBudgetOrPeriodIsRefused() {
        BudgetCharge nextHour = new BudgetCharge(SPEND.key(), SPEND.kind(), SPEND.periodStartMillis() + SPEND.periodMillis(),
                SPEND.periodMillis(), SPEND.limit(), SPEND.amount());
        var result = reserve(spendBudget, nextHour, "p1");
        assertThat(result.hasNoEvents()).isTrue();
        assertThat(result.reply().getError().getMessage()).startsWith("BUDGET_UNAVAILABLE: ");
    }

    @Test
    void usageReportsWhatIsUsed() {
        reserve(spendBudget, SPEND, "p1");
        var usage = spendBudget.<BudgetEntity.Usage>runCommand(BudgetEntity.GetUsage::new).reply();
        assertThat(usage).isEqualTo(new BudgetEntity.Usage(SPEND.entityId(), new BigDecimal("400"), 1));
    }
}
