package dev.writ.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServingAllowanceTest {
    @Test
    void aBurstGetsOneSecondsWorthAndTheRestWaitsForTheRefill() {
        ServingAllowance allowance = new ServingAllowance(10, 0);
        int served = 0;
        for (int i = 0; i < 1_000; i++) {
            if (allowance.take(0)) {
                served++;
            }
        }
        assertThat(served).isEqualTo(10);
        assertThat(allowance.take(50)).isFalse(); // half a request refilled
        assertThat(allowance.take(100)).isTrue();
        assertThat(allowance.take(100)).isFalse();
    }

    @Test
    void idleTimeNeverBanksMoreThanOneSecond() {
        ServingAllowance allowance = new ServingAllowance(5, 0);
        int served = 0;
        while (allowance.take(3_600_000)) {
            served++;
        }
        assertThat(served).isEqualTo(5);
    }

    @Test
    void aClockGoingBackRefillsNothing() {
        ServingAllowance allowance = new ServingAllowance(2, 10_000);
        assertThat(allowance.take(10_000)).isTrue();
        assertThat(allowance.take(10_000)).isTrue();
        assertThat(allowance.take(5_000)).isFalse();
    }

    @Test
    void zeroIsNotARate() {
        assertThatThrownBy(() -> new ServingAllowance(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
