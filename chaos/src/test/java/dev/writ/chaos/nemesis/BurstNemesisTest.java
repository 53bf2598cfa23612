package dev.writ.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.workload.LoadControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BurstNemesisTest {
    @Test
    void aBurstOffersFiveTimesTheSteadyRateUntilItsHeal() {
        List<Double> factors = new ArrayList<>();
        LoadControl load = new LoadControl() {
            @Override
            public void multiply(double factor) {
                factors.add(factor);
            }

            @Override
            public double steadyRate() {
                return 20;
            }
        };
        BurstNemesis burst = new BurstNemesis(load);

        Nemesis.Fault fault = burst.start(new Random(1));
        assertThat(factors).containsExactly(5.0);
        assertThat(fault.node()).isNull();
        assertThat(fault.description()).contains("100.0 operations/s");
        assertThat(burst.heal()).contains("20.0 operations/s");
        assertThat(factors).containsExactly(5.0, 1.0);
        assertThat(burst.kind()).isEqualTo(FaultKind.BURST);
    }
}
