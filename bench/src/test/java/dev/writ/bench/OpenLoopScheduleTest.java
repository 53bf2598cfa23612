package dev.writ.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void intendedStartsAreSpacedByOneOverTheRate() {
        OpenLoopSchedule s = new OpenLoopSchedule(1_000, 250);

        assertThat(s.intendedStartNanos(0)).isEqualTo(1_000);
        assertThat(s.intendedStartNanos(1)).isEqualTo(1_000 + 4_000_000);
        assertThat(s.intendedStartNanos(250)).isEqualTo(1_000 + 1_000_000_000);
    }

    @Test
    void theMillionthStartHasNoAccumulatedDriftAtAnAwkwardRate() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 3);

        assertThat(s.intendedStartNanos(3_000_000)).isEqualTo(1_000_000_000_000_000L);
        assertThat(s.intendedStartNanos(1)).isEqualTo(333_333_333L);
        assertThat(s.intendedStartNanos(2)).isEqualTo(666_666_667L);
    }

    @Test
    void aPhaseHoldsRateTimesDurationRequests() {
        assertThat(new OpenLoopSchedule(0, 1000).countWithin(Duration.ofSeconds(30))).isEqualTo(30_000);
        assertThat(new OpenLoopSchedule(0, 250).countWithin(Duration.ofSeconds(10))).isEqualTo(2_500);
        assertThat(new OpenLoopSchedule(0, 2.5).countWithin(Duration.ofSeconds(1))).isEqualTo(3);
    }

    @Test
    void nothingIsDueBeforeTheStart() {
        OpenLoopSchedule s = new OpenLoopSchedule(5_000, 1000);
        assertThat(s.countDueBefore(5_000)).isZero();
        assertThat(s.countDueBefore(0)).isZero();
        assertThat(s.countDueBefore(5_001)).isEqualTo(1);
    }

    @Property
    void countDueBeforeAgreesWithIntendedStarts(@ForAll @DoubleRange(min = 0.5, max = 100_000) double rate,
                                               @ForAll @LongRange(min = 1, max = 100_000_000_000L) long elapsed) {
        OpenLoopSchedule s = new OpenLoopSchedule(42, rate);
        long n = s.countDueBefore(42 + elapsed);

        assertThat(s.intendedStartNanos(n - 1)).isLessThan(42 + elapsed);
        assertThat(s.intendedStartNanos(n)).isGreaterThanOrEqualTo(42 + elapsed);
    }

    @Property
    void intendedStartsNeverGoBackwards(@ForAll @DoubleRange(min = 0.5, max = 1_000_000) double rate,
                                        @ForAll @LongRange(min = 0, max = 1_000_000_000L) long i) {
        OpenLoopSchedule s = new OpenLoopSchedule(0, rate);
        assertThat(s.intendedStartNanos(i + 1)).isGreaterThanOrEqualTo(s.intendedStartNanos(i));
    }

    @Test
    void achievedRateIsCompletionsPerSecondOfThePhase() {
        assertThat(OpenLoopSchedule.achievedRate(14_850, Duration.ofSeconds(30))).isCloseTo(495.0, within(1e-9));
        assertThat(OpenLoopSchedule.achievedRate(10, Duration.ZERO)).isZero();
    }

    @Test
    void refusesRatesThatAreNotPositive() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new OpenLoopSchedule(0, Double.NaN)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new OpenLoopSchedule(0, -5)).hasMessageContaining("positive");
    }
}
