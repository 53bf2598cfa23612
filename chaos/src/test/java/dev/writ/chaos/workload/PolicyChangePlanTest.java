package dev.writ.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PolicyChangePlanTest {

    @Test
    void everyDrillChangesPolicyOnceOrTwiceAfterTheFirstHealsWithinTheMaximumDelay() {
        var plans = LongStream.range(0, 50).mapToObj(seed -> PolicyChangePlan.draw(seed)).toList();

        assertThat(plans).allSatisfy(p -> {
            assertThat(p.delays()).hasSizeBetween(1, 2);
            assertThat(p.after(0)).isPresent();
            assertThat(p.after(2)).isEmpty();
            assertThat(p.delays()).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, PolicyChangePlan.MAX_DELAY));
        });
        assertThat(plans).as("the seed decides between one and two changes")
                .anySatisfy(p -> assertThat(p.delays()).hasSize(1)).anySatisfy(p -> assertThat(p.delays()).hasSize(2));
    }

    @Test
    void theSameSeedDrawsTheSamePlan() {
        assertThat(PolicyChangePlan.draw(42)).isEqualTo(PolicyChangePlan.draw(42));
    }
}
