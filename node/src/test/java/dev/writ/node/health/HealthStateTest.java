package dev.writ.node.health;

import dev.writ.node.health.HealthReport.Finding;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthStateTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final HealthState state = new HealthState("node-1", Duration.ofSeconds(5), nanos::get);
    private final HealthReport healthy = HealthReport.of(List.of(new Finding("journal", HealthStatus.HEALTHY, "answers")),
            List.of("a", "b"), 42);

    @Test
    void aNodeIsFailedUntilItsFirstCheck() {
        assertThat(state.get().status()).isEqualTo(HealthStatus.FAILED);
        assertThat(state.get().failedBecause()).contains("starting");
    }

    @Test
    void aReportRenewedWithinTheBoundIsServedAsItIs() {
        state.set(healthy);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(state.get()).isSameAs(healthy);
    }

    @Test
    void aReportTheMonitorDidNotRenewIsFailedAndSaysHowOld() {
        state.set(healthy);
        nanos.addAndGet(Duration.ofMillis(12_345).toNanos());
        HealthReport now = state.get();
        assertThat(now.status()).isEqualTo(HealthStatus.FAILED);
        assertThat(now.failedBecause()).contains("health: last checked 12345 ms ago", "paused");
        assertThat(now.findings()).hasSize(2).first().isEqualTo(healthy.findings().get(0));
        assertThat(now.membersUp()).containsExactly("a", "b");

        state.set(healthy);
        assertThat(state.get().status()).isEqualTo(HealthStatus.HEALTHY);
    }
}
