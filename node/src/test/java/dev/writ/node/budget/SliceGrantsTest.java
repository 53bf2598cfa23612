package dev.writ.node.budget;

import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SliceGrantsTest {
    static final String RATE_ID = "spiffe://acme/agent/a#r#RATE#60000";
    static final String SPEND_ID = "spiffe://acme/agent/a#r#SPEND#3600000";

    static BudgetCharge rate(long limit) {
        return new BudgetCharge("spiffe://acme/agent/a#r#RATE", BudgetCharge.Kind.RATE, 60_000, 60_000,
                BigDecimal.valueOf(limit), BigDecimal.ONE);
    }

    static BudgetCharge spend(String limit, String amount) {
        return new BudgetCharge("spiffe://acme/agent/a#r#SPEND", BudgetCharge.Kind.SPEND, 3_600_000, 3_600_000,
                new BigDecimal(limit), new BigDecimal(amount));
    }

    @Test
    void farFromTheLimitANodeGetsTheSliceItAsksFor() {
        var verdict = SliceGrants.empty().decide(rate(1000), BigDecimal.ONE, RATE_ID, BigDecimal.ONE, new BigDecimal("100"), 3);
        assertThat(verdict).isEqualTo(new SliceGrants.Grant(RATE_ID + "#g1", new BigDecimal("100"), new BigDecimal("900")));
    }

    @Test
    void nearTheLimitSlicesShrinkToWhatIsLeftOverTwiceTheNodesDownToOneAdmission() {
        SliceGrants grants = new SliceGrants(new BigDecimal("940"), 9);
        assertThat(grant(grants.decide(rate(1000), BigDecimal.ONE, RATE_ID, BigDecimal.ONE, new BigDecimal("100"), 3)).amount())
                .as("60 left among 3 nodes").isEqualByComparingTo("10");
        grants = new SliceGrants(new BigDecimal("998"), 20);
        assertThat(grant(grants.decide(rate(1000), BigDecimal.ONE, RATE_ID, BigDecimal.ONE, new BigDecimal("100"), 3)).amount())
                .as("2 left: one admission, never a fraction of one").isEqualByComparingTo("1");
    }

    @Test
    void aSliceCoversTheChargeInHandEvenWhenTheShareIsSmaller() {
        SliceGrants grants = new SliceGrants(new BigDecimal("4000"), 5);
        var slice = grant(grants.decide(spend("5000", "900"), BigDecimal.ONE, SPEND_ID, new BigDecimal("900"), new BigDecimal("500"), 3));
        assertThat(slice.amount()).isEqualByComparingTo("900");
        assertThat(slice.remaining()).isEqualByComparingTo("100");
    }

    @Test
    void whatCannotCoverTheNeedIsRefusedWithTheBudgetsCode() {
        SliceGrants spent = new SliceGrants(new BigDecimal("4500"), 7);
        assertThat(spent.decide(spend("5000", "600"), BigDecimal.ONE, SPEND_ID, new BigDecimal("600"), new BigDecimal("500"), 3))
                .isInstanceOfSatisfying(SliceGrants.Exhausted.class, e -> {
                    assertThat(e.code()).isEqualTo(ReasonCode.SPEND_BUDGET_EXCEEDED);
                    assertThat(e.remaining()).isEqualByComparingTo("500");
                    assertThat(e.detail()).contains("4500 of 5000 granted", "500 left");
                });
        assertThat(new SliceGrants(new BigDecimal("50"), 5).decide(rate(50), BigDecimal.ONE, RATE_ID, BigDecimal.ONE, BigDecimal.TEN, 3))
                .isInstanceOfSatisfying(SliceGrants.Exhausted.class,
                        e -> assertThat(e.code()).isEqualTo(ReasonCode.RATE_LIMIT_EXCEEDED));
    }

    @Test
    void aLimitTightenedBelowWhatWasGrantedGrantsNothingMore() {
        assertThat(new SliceGrants(new BigDecimal("800"), 4).decide(spend("500", "1"), BigDecimal.ONE, SPEND_ID, BigDecimal.ONE,
                BigDecimal.TEN, 1)).isInstanceOfSatisfying(SliceGrants.Exhausted.class,
                e -> assertThat(e.remaining()).isEqualByComparingTo("0"));
    }

    @Test
    void grantsAreNumberedAndCounted() {
        SliceGrants grants = SliceGrants.empty().grant(new BigDecimal("5")).grant(new BigDecimal("2.5"));
        assertThat(grants).isEqualTo(new SliceGrants(new BigDecimal("7.5"), 2));
        assertThat(grant(grants.decide(spend("100", "1"), BigDecimal.ONE, SPEND_ID, BigDecimal.ONE, BigDecimal.TEN, 1)).grantId())
                .isEqualTo(SPEND_ID + "#g3");
        assertThat(grants.reserved(new BigDecimal("400")).granted()).as("a reservation of an older journal")
                .isEqualByComparingTo("407.5");
    }

    @Test
    void whateverNodesAskTheSumOfAllGrantsNeverExceedsTheLimit() {
        Random random = new Random(15);
        for (int run = 0; run < 200; run++) {
            boolean isRate = random.nextBoolean();
            BigDecimal limit = isRate ? BigDecimal.valueOf(1 + random.nextInt(200))
                    : BigDecimal.valueOf(1 + random.nextInt(100_000), 2);
            int nodes = 1 + random.nextInt(5);
            BigDecimal[] perNode = new BigDecimal[nodes];
            java.util.Arrays.fill(perNode, BigDecimal.ZERO);
            SliceGrants grants = SliceGrants.empty();
            for (int ask = 0; ask < 200; ask++) {
                int node = random.nextInt(nodes);
                BigDecimal amount = isRate ? BigDecimal.ONE : BigDecimal.valueOf(1 + random.nextInt(5_000), 2);
                BudgetCharge charge = isRate ? rate(limit.longValue())
                        : spend(limit.toPlainString(), amount.toPlainString());
                BigDecimal need = isRate ? BigDecimal.ONE : amount.multiply(BigDecimal.valueOf(random.nextInt(3) + 1));
                BigDecimal wanted = limit.multiply(BigDecimal.valueOf(random.nextInt(50) + 1, 2));
                if (isRate) {
                    wanted = wanted.setScale(0, java.math.RoundingMode.FLOOR).max(BigDecimal.ONE);
                }
                var verdict = grants.decide(charge, BigDecimal.ONE, "b", need, wanted, nodes);
                if (verdict instanceof SliceGrants.Grant grant) {
                    assertThat(grant.amount()).isGreaterThanOrEqualTo(need).isPositive();
                    if (isRate) {
                        assertThat(grant.amount().stripTrailingZeros().scale()).as("whole admissions").isLessThanOrEqualTo(0);
                    }
                    grants = grants.grant(grant.amount());
                    perNode[node] = perNode[node].add(grant.amount());
                    assertThat(grant.remaining()).isEqualByComparingTo(limit.subtract(grants.granted()));
                }
                assertThat(grants.granted()).isLessThanOrEqualTo(limit);
            }
            BigDecimal sum = java.util.Arrays.stream(perNode).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sum).as("sum over nodes").isLessThanOrEqualTo(limit).isEqualByComparingTo(grants.granted());
        }
    }

    @Test
    void aRegionsOwnerGrantsOnlyItsShareOfTheLimitWholeAdmissionsRoundedDown() {
        BigDecimal half = new BigDecimal("0.5");
        assertThat(SliceGrants.cap(rate(51), half)).as("25.5 admissions: 25").isEqualByComparingTo("25");
        assertThat(SliceGrants.cap(spend("5000", "1"), new BigDecimal("0.3"))).isEqualByComparingTo("1500");
        assertThat(SliceGrants.cap(rate(51), BigDecimal.ONE)).isEqualByComparingTo("51");

        SliceGrants grants = new SliceGrants(new BigDecimal("24"), 3);
        assertThat(grant(grants.decide(rate(51), half, RATE_ID, BigDecimal.ONE, BigDecimal.TEN, 2)).remaining())
                .as("one admission left of the region's 25").isEqualByComparingTo("0");
        assertThat(grants.grant(BigDecimal.ONE).decide(rate(51), half, RATE_ID, BigDecimal.ONE, BigDecimal.TEN, 2))
                .isInstanceOfSatisfying(SliceGrants.Exhausted.class, exhausted -> {
                    assertThat(exhausted.code()).isEqualTo(ReasonCode.RATE_LIMIT_EXCEEDED);
                    assertThat(exhausted.detail()).contains("25 of 25 (this region's share 0.5 of 51)");
                });
    }

    @Test
    void regionsWhoseSharesAddUpToTheWholeNeverGrantMoreThanTheLimitTogether() {
        Random random = new Random(17);
        for (int run = 0; run < 200; run++) {
            boolean isRate = random.nextBoolean();
            BigDecimal limit = isRate ? BigDecimal.valueOf(1 + random.nextInt(200)) : BigDecimal.valueOf(1 + random.nextInt(100_000), 2);
            int first = 1 + random.nextInt(99);
            BigDecimal[] shares = {BigDecimal.valueOf(first, 2), BigDecimal.valueOf(100 - first, 2)};
            SliceGrants[] owners = {SliceGrants.empty(), SliceGrants.empty()};
            for (int ask = 0; ask < 300; ask++) {
                int region = random.nextInt(2);
                BigDecimal amount = isRate ? BigDecimal.ONE : BigDecimal.valueOf(1 + random.nextInt(5_000), 2);
                BudgetCharge charge = isRate ? rate(limit.longValue()) : spend(limit.toPlainString(), amount.toPlainString());
                var verdict = owners[region].decide(charge, shares[region], "b", amount, amount.multiply(BigDecimal.TEN), 2);
                if (verdict instanceof SliceGrants.Grant grant) {
                    owners[region] = owners[region].grant(grant.amount());
                }
                assertThat(owners[region].granted()).isLessThanOrEqualTo(SliceGrants.cap(charge, shares[region]));
            }
            assertThat(owners[0].granted().add(owners[1].granted())).as("both regions together").isLessThanOrEqualTo(limit);
        }
    }

    private static SliceGrants.Grant grant(SliceGrants.Verdict verdict) {
        assertThat(verdict).isInstanceOf(SliceGrants.Grant.class);
        return (SliceGrants.Grant) verdict;
    }
}
