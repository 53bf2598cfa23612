package dev.writ.node.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.writ.node.EntityTestBase;
import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
            BudgetEntity.Answer> reserve(
            EventSourcedBehaviorTestKit<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State> kit, BudgetCharge charge, String id) {
        return kit.runCommand(replyTo -> new BudgetEntity.Reserve(charge, id, replyTo));
    }

    @Test
    void aReservationThatFitsIsPersistedAndAccepted() {
        var result = reserve(spendBudget, SPEND, "p1");
        assertThat(result.event()).isEqualTo(new BudgetEntity.Reserved("p1", new BigDecimal("400")));
        assertThat(result.reply()).isEqualTo(new BudgetEntity.Reservation(SPEND.entityId(), "p1",
                new BigDecimal("400"), new BigDecimal("400"), new BigDecimal("1000"), false));
        assertThat(result.state().ledger().used()).isEqualByComparingTo("400");
    }

    @Test
    void aSpendBeyondTheBudgetIsRefusedWithoutAnEvent() {
        reserve(spendBudget, SPEND, "p1");
        reserve(spendBudget, SPEND, "p2");
        var third = reserve(spendBudget, SPEND, "p3");
        assertThat(third.hasNoEvents()).isTrue();
        assertThat(third.reply()).isInstanceOfSatisfying(BudgetEntity.Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(ReasonCode.SPEND_BUDGET_EXCEEDED);
            assertThat(refused.detail()).contains("800 + 400 > 1000");
        });
        assertThat(third.state().ledger().used()).isEqualByComparingTo("800");
    }

    @Test
    void theRateLimitRefusesOnceUsedUp() {
        assertThat(reserve(rateBudget, RATE, "p1").reply()).isInstanceOf(BudgetEntity.Reservation.class);
        assertThat(reserve(rateBudget, RATE, "p2").reply()).isInstanceOf(BudgetEntity.Reservation.class);
        var third = reserve(rateBudget, RATE, "p3");
        assertThat(third.reply()).isInstanceOfSatisfying(BudgetEntity.Refused.class,
                refused -> assertThat(refused.code()).isEqualTo(ReasonCode.RATE_LIMIT_EXCEEDED));
    }

    @Test
    void aRetriedReservationIsNotChargedTwice() {
        reserve(spendBudget, SPEND, "p1");
        var retry = reserve(spendBudget, SPEND, "p1");
        assertThat(retry.hasNoEvents()).isTrue();
        assertThat(((BudgetEntity.Reservation) retry.reply()).repeated()).isTrue();
        assertThat(retry.state().ledger().used()).isEqualByComparingTo("400");
    }

    @Test
    void aReservationIsJournaledUnderTheFieldNameEarlierNodesWrote() throws Exception {
        // Budget entities replay events journaled before reservations were keyed by admission id.
        var serialization = SerializationExtension.get(testKit.system());
        BudgetEntity.Reserved event = new BudgetEntity.Reserved("a1", new BigDecimal("400"));
        byte[] bytes = serialization.serialize(event).get();
        assertThat(new ObjectMapper(new CBORFactory()).readTree(bytes).path("proposalId").asText()).isEqualTo("a1");
        assertThat(serialization.deserialize(bytes, BudgetEntity.Reserved.class).get()).isEqualTo(event);
    }

    @Test
    void reservationsSurviveARestartAndStillCountAgainstTheBudget() {
        reserve(spendBudget, SPEND, "p1");
        reserve(spendBudget, SPEND, "p2");
        var restarted = spendBudget.restart();
        assertThat(restarted.state().ledger().used()).isEqualByComparingTo("800");
        assertThat(restarted.state().ledger().reservations()).containsOnlyKeys("p1", "p2");
        assertThat(reserve(spendBudget, SPEND, "p3").reply()).isInstanceOf(BudgetEntity.Refused.class);
        assertThat(((BudgetEntity.Reservation) reserve(spendBudget, SPEND, "p1").reply()).repeated()).isTrue();
    }

    @Test
    void aChargeForAnotherBudgetOrPeriodIsRefused() {
        BudgetCharge nextHour = new BudgetCharge(SPEND.key(), SPEND.kind(), SPEND.periodStartMillis() + SPEND.periodMillis(),
                SPEND.periodMillis(), SPEND.limit(), SPEND.amount());
        var result = reserve(spendBudget, nextHour, "p1");
        assertThat(result.hasNoEvents()).isTrue();
        assertThat(result.reply()).isInstanceOfSatisfying(BudgetEntity.Refused.class,
                refused -> assertThat(refused.code()).isEqualTo(ReasonCode.BUDGET_UNAVAILABLE));
    }

    @Test
    void usageReportsWhatIsUsed() {
        reserve(spendBudget, SPEND, "p1");
        var usage = spendBudget.<BudgetEntity.Usage>runCommand(BudgetEntity.GetUsage::new).reply();
        assertThat(usage).isEqualTo(new BudgetEntity.Usage(SPEND.entityId(), new BigDecimal("400"), 1));
    }
}
