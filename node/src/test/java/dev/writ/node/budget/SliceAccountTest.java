package dev.writ.node.budget;

import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SliceAccountTest {
    private static final SliceAccount TWO_SLICES = SliceAccount.empty()
            .credit(new BudgetEntity.Slice("g1", new BigDecimal("100"), new BigDecimal("900")))
            .credit(new BudgetEntity.Slice("g2", new BigDecimal("50"), new BigDecimal("850")));

    @Test
    void aChargeIsTakenFromTheOldestSlicesAndNamesEachGrant() {
        SliceAccount.Taken taken = TWO_SLICES.take(new BigDecimal("120")).orElseThrow();
        assertThat(taken.draws()).containsExactly(new SliceAccount.Draw("g1", new BigDecimal("100")),
                new SliceAccount.Draw("g2", new BigDecimal("20")));
        assertThat(taken.after().held()).containsExactly(new SliceAccount.Held("g2", new BigDecimal("30")));
        assertThat(taken.after().available()).isEqualByComparingTo("30");
    }

    @Test
    void aChargeTheSlicesCannotCoverTakesNothing() {
        assertThat(TWO_SLICES.take(new BigDecimal("150.01"))).isEmpty();
        assertThat(SliceAccount.empty().take(BigDecimal.ONE)).isEmpty();
    }

    @Test
    void aChargeGivenBackCanBeTakenAgain() {
        SliceAccount.Taken taken = TWO_SLICES.take(new BigDecimal("150")).orElseThrow();
        SliceAccount back = taken.after().giveBack(taken.draws());
        assertThat(back.available()).isEqualByComparingTo("150");
        assertThat(back.take(new BigDecimal("150"))).isPresent();
    }

    @Test
    void theLowWaterMarkIsAShareOfTheLastSlice() {
        assertThat(TWO_SLICES.belowLowWater(0.5)).isFalse();
        SliceAccount low = TWO_SLICES.take(new BigDecimal("130")).orElseThrow().after();
        assertThat(low.belowLowWater(0.5)).as("20 left, under half of the last slice of 50").isTrue();
        assertThat(SliceAccount.empty().belowLowWater(0.5)).as("nothing granted yet: the charge asks").isFalse();
    }

    @Test
    void afterTheOwnerSaidExhaustedWhatCannotFitIsRefusedUntilTheLimitChanges() {
        var answer = new BudgetEntity.Exhausted(ReasonCode.SPEND_BUDGET_EXCEEDED, "spent", new BigDecimal("40"));
        SliceAccount account = SliceAccount.empty().exhausted(new BigDecimal("5000"), answer);
        assertThat(account.refusal(SliceGrantsTest.spend("5000", "50"), new BigDecimal("50"))).contains(answer);
        assertThat(account.refusal(SliceGrantsTest.spend("5000", "40"), new BigDecimal("40"))).as("40 may still fit")
                .isEmpty();
        assertThat(account.refusal(SliceGrantsTest.spend("6000", "50"), new BigDecimal("50"))).as("a raised limit")
                .isEmpty();
        assertThat(account.held()).isEqualTo(List.of());
    }
}
