package dev.writ.node.budget;

import dev.writ.node.config.NodeSettings;
import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetEscrowTest {
    private static final NodeSettings.Budgets SETTINGS = new NodeSettings.Budgets(0.1, 0.5, Duration.ofSeconds(5), Duration.ofSeconds(5));

    /** An owner in this process: the pure grants behind a lock, counting the requests it answers. */
    private static final class LocalOwner implements BudgetEscrow.Owner {
        final AtomicInteger requests = new AtomicInteger();
        SliceGrants grants = SliceGrants.empty();

        @Override
        public synchronized CompletionStage<BudgetEntity.Answer> requestSlice(BudgetCharge charge, BigDecimal need,
                                                                             BigDecimal ask, int nodes) {
            requests.incrementAndGet();
            var verdict = grants.decide(charge, BigDecimal.ONE, charge.entityId(), need, ask, nodes);
            if (verdict instanceof SliceGrants.Grant g) {
                grants = grants.grant(g.amount());
                return CompletableFuture.completedFuture(new BudgetEntity.Slice(g.grantId(), g.amount(), g.remaining()));
            }
            var e = (SliceGrants.Exhausted) verdict;
            return CompletableFuture.completedFuture(new BudgetEntity.Exhausted(e.code(), e.detail(), e.remaining()));
        }
    }

    @Test
    void chargesWithinTheSliceTakeNoRoundTrip() {
        LocalOwner owner = new LocalOwner();
        BudgetEscrow escrow = new BudgetEscrow(owner, () -> 3, new NodeSettings.Budgets(0.1, 0.0, Duration.ofSeconds(5), Duration.ofSeconds(5)));
        for (int i = 0; i < 10; i++) {
            assertThat(take(escrow, SliceGrantsTest.rate(100))).isInstanceOf(BudgetEscrow.Charged.class);
        }
        assertThat(owner.requests.get()).as("one slice of 10 covers ten admissions").isEqualTo(1);
        assertThat(take(escrow, SliceGrantsTest.rate(100))).isInstanceOfSatisfying(BudgetEscrow.Charged.class,
                c -> assertThat(c.draws()).extracting(SliceAccount.Draw::grantId).containsExactly(
                        SliceGrantsTest.RATE_ID + "#g2"));
    }

    @Test
    void theNextSliceIsAskedForBeforeTheLastRunsDry() {
        LocalOwner owner = new LocalOwner();
        BudgetEscrow escrow = new BudgetEscrow(owner, () -> 1, SETTINGS);
        for (int i = 0; i < 6; i++) {
            take(escrow, SliceGrantsTest.rate(100));
        }
        assertThat(owner.requests.get()).as("the first slice, and the next once 4 of 10 were left").isEqualTo(2);
        assertThat(owner.grants.granted()).isEqualByComparingTo("20");
    }

    @Test
    void anExhaustedBudgetRefusesWithItsCodeAndThenWithoutAskingAgain() {
        LocalOwner owner = new LocalOwner();
        BudgetEscrow escrow = new BudgetEscrow(owner, () -> 1, SETTINGS);
        BudgetCharge big = SliceGrantsTest.spend("1000", "600");
        assertThat(take(escrow, big)).isInstanceOf(BudgetEscrow.Charged.class);
        assertThat(take(escrow, big)).isInstanceOfSatisfying(BudgetEscrow.Refused.class,
                r -> assertThat(r.reason().getCode()).isEqualTo(ReasonCode.SPEND_BUDGET_EXCEEDED.name()));
        int asked = owner.requests.get();
        assertThat(take(escrow, big)).isInstanceOf(BudgetEscrow.Refused.class);
        assertThat(owner.requests.get()).isEqualTo(asked);
        assertThat(take(escrow, SliceGrantsTest.spend("1000", "400"))).as("what still fits")
                .isInstanceOf(BudgetEscrow.Charged.class);
    }

    @Test
    void anOwnerThatDoesNotAnswerIsBudgetUnavailable() {
        BudgetEscrow escrow = new BudgetEscrow((charge, need, ask, nodes) -> CompletableFuture.failedFuture(
                new TimeoutException("ask timed out")), () -> 1, SETTINGS);
        assertThat(take(escrow, SliceGrantsTest.rate(10))).as("no verdict: not a Refused")
                .isInstanceOfSatisfying(BudgetEscrow.Unavailable.class, r -> assertThat(r.detail()).contains("ask timed out"));
    }

    @Test
    void admissionsWaitingForOneRefillShareIt() {
        CompletableFuture<BudgetEntity.Answer> pending = new CompletableFuture<>();
        AtomicInteger requests = new AtomicInteger();
        BudgetEscrow escrow = new BudgetEscrow((charge, need, ask, nodes) -> {
            requests.incrementAndGet();
            return pending;
        }, () -> 1, SETTINGS);
        var first = escrow.take(SliceGrantsTest.rate(100)).toCompletableFuture();
        var second = escrow.take(SliceGrantsTest.rate(100)).toCompletableFuture();
        assertThat(first).isNotDone();
        pending.complete(new BudgetEntity.Slice("g1", new BigDecimal("10"), new BigDecimal("90")));
        assertThat(first.join()).isInstanceOf(BudgetEscrow.Charged.class);
        assertThat(second.join()).isInstanceOf(BudgetEscrow.Charged.class);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aSliceGrantedAfterTheAdmissionGaveUpIsKeptForTheNext() {
        CompletableFuture<BudgetEntity.Answer> late = new CompletableFuture<>();
        AtomicInteger requests = new AtomicInteger();
        BudgetEscrow escrow = new BudgetEscrow((charge, need, ask, nodes) -> {
            requests.incrementAndGet();
            return late;
        }, () -> 1, new NodeSettings.Budgets(0.1, 0.5, Duration.ofMillis(50), Duration.ofSeconds(30)));
        assertThat(take(escrow, SliceGrantsTest.rate(100))).isInstanceOfSatisfying(BudgetEscrow.Unavailable.class,
                r -> assertThat(r.detail()).contains("no slice of budget"));
        late.complete(new BudgetEntity.Slice("g1", new BigDecimal("10"), new BigDecimal("90")));
        assertThat(take(escrow, SliceGrantsTest.rate(100))).isInstanceOf(BudgetEscrow.Charged.class);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aNewPeriodStartsWithFreshGrants() {
        LocalOwner owner = new LocalOwner();
        BudgetEscrow escrow = new BudgetEscrow(owner, () -> 1, SETTINGS);
        BudgetCharge now = SliceGrantsTest.rate(1);
        BudgetCharge next = new BudgetCharge(now.key(), now.kind(), now.periodStartMillis() + now.periodMillis(),
                now.periodMillis(), now.limit(), now.amount());
        assertThat(take(escrow, now)).isInstanceOf(BudgetEscrow.Charged.class);
        assertThat(take(escrow, now)).isInstanceOf(BudgetEscrow.Refused.class);
        owner.grants = SliceGrants.empty();  // the next period's owner is a fresh entity
        assertThat(take(escrow, next)).isInstanceOf(BudgetEscrow.Charged.class);
    }

    @Test
    void aChargeGivenBackIsSpentByTheNextAdmission() {
        LocalOwner owner = new LocalOwner();
        BudgetEscrow escrow = new BudgetEscrow(owner, () -> 1, SETTINGS);
        var charged = (BudgetEscrow.Charged) take(escrow, SliceGrantsTest.rate(1));
        assertThat(take(escrow, SliceGrantsTest.rate(1))).isInstanceOf(BudgetEscrow.Refused.class);
        escrow.giveBack(charged);
        assertThat(take(escrow, SliceGrantsTest.rate(1))).isInstanceOf(BudgetEscrow.Charged.class);
    }

    @Test
    void threeNodesRacingForOneBudgetNeverTakeMoreThanItsLimit() throws Exception {
        LocalOwner owner = new LocalOwner();
        List<BudgetEscrow> nodes = List.of(new BudgetEscrow(owner, () -> 3, SETTINGS),
                new BudgetEscrow(owner, () -> 3, SETTINGS), new BudgetEscrow(owner, () -> 3, SETTINGS));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        ConcurrentLinkedQueue<BudgetEscrow.Outcome> outcomes = new ConcurrentLinkedQueue<>();
        List<java.util.concurrent.Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            BudgetEscrow node = nodes.get(i % 3);
            String amount = String.valueOf(1 + i % 7);
            all.add(pool.submit(() -> outcomes.add(take(node, SliceGrantsTest.spend("1000", amount)))));
        }
        for (var f : all) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        BigDecimal taken = outcomes.stream().filter(o -> o instanceof BudgetEscrow.Charged)
                .map(o -> o.charge().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(taken).isLessThanOrEqualTo(new BigDecimal("1000")).isLessThanOrEqualTo(owner.grants.granted());
        assertThat(outcomes).filteredOn(o -> o instanceof BudgetEscrow.Refused).isNotEmpty()
                .allSatisfy(o -> assertThat(((BudgetEscrow.Refused) o).reason().getCode())
                        .isEqualTo(ReasonCode.SPEND_BUDGET_EXCEEDED.name()));
    }

    @Test
    void whatItHoldsAndWhatItRefusedAreThereForMetrics() {
        LocalOwner owner = new LocalOwner();
        BudgetEscrow escrow = new BudgetEscrow(owner, () -> 1, SETTINGS);
        assertThat(escrow.holdings()).isEmpty();
        BudgetCharge big = SliceGrantsTest.spend("1000", "600");
        assertThat(take(escrow, big)).isInstanceOf(BudgetEscrow.Charged.class);
        take(escrow, big);
        take(escrow, big);

        assertThat(escrow.refusals()).as("refused charges by code").containsExactly(
                Map.entry(ReasonCode.SPEND_BUDGET_EXCEEDED.name(), 2L));
        assertThat(escrow.holdings()).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(BudgetCharge.Kind.SPEND);
            assertThat(h.available()).as("what was granted less the charge taken")
                    .isEqualByComparingTo(owner.grants.granted().subtract(new BigDecimal("600")));
        });
    }

    private static BudgetEscrow.Outcome take(BudgetEscrow escrow, BudgetCharge charge) {
        return escrow.take(charge).toCompletableFuture().join();
    }
}
