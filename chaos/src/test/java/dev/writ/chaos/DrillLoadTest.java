package dev.writ.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DrillLoadTest {
    @Test
    void aShareOfCapacityIsTakenOfTheGivenCapacityOrTheMeasuredOne() {
        DrillLoad given = new DrillLoad.ShareOfCapacity(0.5, OptionalDouble.of(120));
        DrillLoad measured = new DrillLoad.ShareOfCapacity(0.5, OptionalDouble.empty());

        assertThat(given.needsMeasurement()).isFalse();
        assertThat(given.rate(OptionalDouble.empty())).isEqualTo(60.0);
        assertThat(measured.needsMeasurement()).isTrue();
        assertThat(measured.rate(OptionalDouble.of(90))).isEqualTo(45.0);
        assertThatThrownBy(() -> measured.rate(OptionalDouble.empty())).isInstanceOf(IllegalStateException.class);
        assertThat(measured.describe()).isEqualTo("50 % of capacity (measured first)");
    }

    @Test
    void theDefaultIsTheTrickleAndNonsenseIsRefused() {
        assertThat(DrillOptions.defaults(Scenario.KILL, 1, java.nio.file.Path.of("x"), false).load().rate(OptionalDouble.empty()))
                .isEqualTo(DrillLoad.TRICKLE);
        assertThatThrownBy(() -> new DrillLoad.Rate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DrillLoad.ShareOfCapacity(1.5, OptionalDouble.empty()))
                .hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new DrillLoad.ShareOfCapacity(0.5, OptionalDouble.of(-1)))
                .hasMessageContaining("--capacity");
    }
}
