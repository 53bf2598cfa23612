package dev.writ.node.budget;

import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetLedgerTest {
    static BudgetCharge rate(long limit) {
        return new BudgetCharge("spiffe://acme/agent/a#r#RATE", BudgetCharge.Kind.RATE, 60_000, 60_000,
                BigDecimal.valueOf(limit), BigDecimal.ONE);
    }

    static BudgetCharge spend(String limit, String amount) {
        return new BudgetCharge("spiffe://acme/agent/a#r#SPEND", BudgetCharge.Kind.SPEND, 3_600_000, 3_600_000,
                new BigDecimal(limit), new BigDecimal(amount));
    }

    @Test
    void aChargeThatFitsExactlyIsAccepted() {
        BudgetLedger ledger = BudgetLedger.empty().reserve("p1", new BigDecimal("4000"));
        assertThat(ledger.decide(spend("5000", "1000"), "p2")).isEqualTo(new BudgetLedger.Accept(new BigDecimal("5000")));
    }

    @Test
    void aSpendChargeAboveWhatIsLeftIsRefusedNamingTheNumbers() {
        BudgetLedger ledger = BudgetLedger.empty().reserve("p1", new BigDecimal("4000"));
        BudgetLedger.Verdict verdict = ledger.decide(spend("5000", "1000.01"), "p2");
        assertThat(verdict).isInstanceOfSatisfying(BudgetLedger.Refuse.class, refuse -> {
            assertThat(refuse.code()).isEqualTo(ReasonCode.SPEND_BUDGET_EXCEEDED);
            assertThat(refuse.detail()).contains("4000 + 1000.01 > 5000");
        });
    }

    @Test
    void theRateLimitRefusesTheAdmissionAfterTheLast() {
        BudgetLedger ledger = BudgetLedger.empty();
        for (int i = 0; i < 3; i++) {
            assertThat(ledger.decide(rate(3), "p" + i)).isInstanceOf(BudgetLedger.Accept.class);
            ledger = ledger.reserve("p" + i, BigDecimal.ONE);
        }
        assertThat(ledger.decide(rate(3), "p3")).isInstanceOfSatisfying(BudgetLedger.Refuse.class,
                refuse -> assertThat(refuse.code()).isEqualTo(ReasonCode.RATE_LIMIT_EXCEEDED));
    }

    @Test
    void aRetriedAskOfOneAdmissionIsAnsweredWithItsReservationAndNotChargedAgain() {
        BudgetLedger ledger = BudgetLedger.empty().reserve("p1", new BigDecimal("700"));
        assertThat(ledger.decide(spend("1000", "700"), "p1")).isEqualTo(new BudgetLedger.AlreadyReserved(new BigDecimal("700")));
        // even when the budget is now full, the retry of an admission that reserved is not refused
        BudgetLedger full = ledger.reserve("p2", new BigDecimal("300"));
        assertThat(full.decide(spend("1000", "700"), "p1")).isInstanceOf(BudgetLedger.AlreadyReserved.class);
    }

    @Test
    void aRefusalChangesNothing() {
        BudgetLedger ledger = BudgetLedger.empty().reserve("p1", BigDecimal.ONE);
        ledger.decide(rate(1), "p2");
        assertThat(ledger.used()).isEqualByComparingTo("1");
        assertThat(ledger.reservations()).containsOnlyKeys("p1");
    }
}
