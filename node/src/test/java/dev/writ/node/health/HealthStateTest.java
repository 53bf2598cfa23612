package dev.writ.node.health;

import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthStateTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final HealthState state = new HealthState("node-1", Duration.ofSeconds(5), nanos::get, () -> this.reachable);
    private volatile boolean reachable = true;
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

    @Test
    void aNodeWhoseDatabaseIsGoneRefusesEvidenceUnavailableAndOtherwiseNodeFailed() throws Exception {
        state.set(HealthReport.of(List.of(new Finding(HealthReport.JOURNAL, HealthStatus.FAILED, "does not answer"),
                new Finding("revocations", HealthStatus.FAILED, "stale")), List.of(), 43));
        assertThat(refusalOf(() -> state.requireServing("p-1")).code()).isEqualTo(RefusalCode.EVIDENCE_UNAVAILABLE);
        state.set(HealthReport.of(List.of(new Finding(HealthReport.EVIDENCE, HealthStatus.FAILED, "write failed")),
                List.of(), 44));
        assertThat(refusalOf(() -> state.requireServing("p-1")).code()).isEqualTo(RefusalCode.EVIDENCE_UNAVAILABLE);
        state.set(HealthReport.of(List.of(new Finding(HealthReport.JOURNAL, HealthStatus.HEALTHY, "answers"),
                new Finding("revocations", HealthStatus.FAILED, "stale")), List.of(), 45));
        assertThat(refusalOf(() -> state.requireServing("p-1")).code()).isEqualTo(RefusalCode.NODE_FAILED);
        state.set(healthy);
        state.requireServing("p-1");
        reachable = false; // a write just failed to reach the database: refused before the next report says so
        assertThat(refusalOf(() -> state.requireServing("p-1")).code()).isEqualTo(RefusalCode.EVIDENCE_UNAVAILABLE);
    }

    @Test
    void aNodeIsStartingUntilItsFirstReportThatIsNotFailedAndStaysReadyAfter() throws Exception {
        Refusal starting = refusalOf(() -> state.requireReady("p-1"));
        assertThat(starting.code()).isEqualTo(RefusalCode.NODE_STARTING);
        assertThat(starting.detail()).contains("startup: the node is starting");
        state.set(HealthReport.of(List.of(new Finding("cluster", HealthStatus.FAILED, "forming: 1 of 3 members up")),
                List.of(), 43));
        assertThat(refusalOf(() -> state.requireReady("p-1")).detail()).contains("cluster: forming: 1 of 3 members up");
        assertThat(state.ready()).isFalse();

        state.set(healthy);
        state.requireReady("p-1");
        state.set(HealthReport.of(List.of(new Finding("revocations", HealthStatus.FAILED, "stale")), List.of(), 44));
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        // once ready, a failure is requireServing's to refuse with its reason, not "starting"
        state.requireReady("p-1");
        assertThat(refusalOf(() -> state.requireServing("p-1")).code()).isEqualTo(RefusalCode.NODE_FAILED);
    }

    private interface Serving {
        void require() throws Refusal;
    }

    private static Refusal refusalOf(Serving serving) {
        try {
            serving.require();
        } catch (Refusal r) {
            return r;
        }
        throw new AssertionError("expected a refusal");
    }
}
