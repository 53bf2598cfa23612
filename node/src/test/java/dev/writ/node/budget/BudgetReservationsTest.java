package dev.writ.node.budget;

import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetReservationsTest {
    private static final BudgetCharge RATE = BudgetLedgerTest.rate(1);
    private static final BudgetCharge SPEND = BudgetLedgerTest.spend("1000", "400");

    /** Budgets held in memory, answering like the entity does. */
    private final Map<String, BudgetLedger> ledgers = new HashMap<>();
    private final List<String> asked = new ArrayList<>();

    private CompletionStage<BudgetEntity.Answer> reserve(BudgetCharge charge, String admissionId) {
        asked.add(charge.kind().name());
        BudgetLedger ledger = ledgers.getOrDefault(charge.entityId(), BudgetLedger.empty());
        BudgetLedger.Verdict verdict = ledger.decide(charge, admissionId);
        if (verdict instanceof BudgetLedger.Refuse refuse) {
            return CompletableFuture.completedFuture(new BudgetEntity.Refused(refuse.code(), refuse.detail()));
        }
        if (verdict instanceof BudgetLedger.Accept) {
            ledgers.put(charge.entityId(), ledger.reserve(admissionId, charge.amount()));
        }
        BudgetLedger now = ledgers.get(charge.entityId());
        return CompletableFuture.completedFuture(new BudgetEntity.Reservation(charge.entityId(), admissionId, charge.amount(),
                now.used(), charge.limit(), verdict instanceof BudgetLedger.AlreadyReserved));
    }

    private BudgetReservations.Outcome reserveAll(List<BudgetCharge> charges, String id) {
        return BudgetReservations.reserveAll(charges, id, this::reserve).toCompletableFuture().join();
    }

    @Test
    void allChargesAreReservedInOrder() {
        BudgetReservations.Outcome outcome = reserveAll(List.of(RATE, SPEND), "p1");
        assertThat(outcome).isInstanceOfSatisfying(BudgetReservations.AllReserved.class,
                all -> assertThat(all.reservations()).extracting(BudgetEntity.Reservation::budgetId)
                        .containsExactly(RATE.entityId(), SPEND.entityId()));
    }

    @Test
    void noChargesMeansNothingToReserve() {
        assertThat(reserveAll(List.of(), "p1")).isEqualTo(new BudgetReservations.AllReserved(List.of()));
        assertThat(asked).isEmpty();
    }

    @Test
    void aRefusalStopsTheRestAndLeavesEarlierChargesCharged() {
        ledgers.put(SPEND.entityId(), BudgetLedger.empty().reserve("other", new BigDecimal("900")));
        BudgetReservations.Outcome outcome = reserveAll(List.of(RATE, SPEND, RATE), "p1");
        assertThat(outcome).isInstanceOfSatisfying(BudgetReservations.Refused.class, refused -> {
            assertThat(refused.reason().getCode()).isEqualTo(ReasonCode.SPEND_BUDGET_EXCEEDED.name());
            assertThat(refused.refusedCharge()).isEqualTo(SPEND);
            assertThat(refused.charged()).extracting(BudgetEntity.Reservation::budgetId).containsExactly(RATE.entityId());
        });
        assertThat(asked).containsExactly("RATE", "SPEND");
        // fail closed: the rate budget stays charged, so it may be under-used, never over-used
        assertThat(ledgers.get(RATE.entityId()).used()).isEqualByComparingTo("1");
    }

    @Test
    void retryingAfterAPartialFailureDoesNotChargeTheEarlierBudgetAgain() {
        ledgers.put(SPEND.entityId(), BudgetLedger.empty().reserve("other", new BigDecimal("900")));
        reserveAll(List.of(RATE, SPEND), "p1");
        ledgers.put(SPEND.entityId(), BudgetLedger.empty());
        assertThat(reserveAll(List.of(RATE, SPEND), "p1")).isInstanceOf(BudgetReservations.AllReserved.class);
        assertThat(ledgers.get(RATE.entityId()).used()).isEqualByComparingTo("1");
    }

    @Test
    void aTimeoutOrThrowingReserverBecomesBudgetUnavailable() {
        BudgetReservations.Outcome timedOut = BudgetReservations.reserveAll(List.of(RATE), "p1",
                (c, id) -> CompletableFuture.failedFuture(new TimeoutException("ask timed out"))).toCompletableFuture().join();
        assertThat(timedOut).isInstanceOfSatisfying(BudgetReservations.Refused.class,
                r -> assertThat(r.reason().getCode()).isEqualTo("BUDGET_UNAVAILABLE"));
        BudgetReservations.Outcome thrown = BudgetReservations.reserveAll(List.of(RATE), "p1",
                (c, id) -> {
                    throw new IllegalStateException("sharding not started");
                }).toCompletableFuture().join();
        assertThat(thrown).isInstanceOfSatisfying(BudgetReservations.Refused.class,
                r -> assertThat(r.reason().getDetail()).contains("sharding not started"));
    }
}
