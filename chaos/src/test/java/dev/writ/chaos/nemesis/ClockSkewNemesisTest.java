package dev.writ.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.fabric.NodeHealth;
import dev.writ.node.health.HealthStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClockSkewNemesisTest {
    private static final NodeHealth.Reason CHAIN_LAG = chain(HealthStatus.DEGRADED, "CHAIN_LAG",
            "head block 71 is 60865 ms old (bound 30000 ms)");

    private static NodeHealth health(HealthStatus status, NodeHealth.Reason... reasons) {
        return new NodeHealth(200, status, "acme-2", List.of("acme-1", "acme-2", "acme-3"), List.of(reasons));
    }

    private static NodeHealth.Reason chain(HealthStatus status, String code, String detail) {
        return new NodeHealth.Reason("chain", status, Optional.of(code), detail);
    }

    @Test
    void aSkewedNodeMayBeDegradedOnlyBecauseTheChainLooksOldToIt() {
        assertThat(ClockSkewNemesis.upDespiteSkew(health(HealthStatus.HEALTHY))).isTrue();
        assertThat(ClockSkewNemesis.upDespiteSkew(health(HealthStatus.DEGRADED, CHAIN_LAG))).isTrue();
    }

    @Test
    void aBacklogIsNotExplainedBySkew() {
        // a batch's age is the node's own observation (ChainStatus.OldestOpenSeen): a skewed clock cannot make it old
        assertThat(ClockSkewNemesis.upDespiteSkew(health(HealthStatus.DEGRADED, CHAIN_LAG,
                chain(HealthStatus.DEGRADED, "ANCHOR_BACKLOG", "the oldest of 1 waiting batches (7) has waited 30500 ms"))))
                .isFalse();
    }

    @Test
    void anyOtherReasonOrStatusIsNotReady() {
        assertThat(ClockSkewNemesis.upDespiteSkew(health(HealthStatus.DEGRADED, CHAIN_LAG,
                new NodeHealth.Reason("cluster", HealthStatus.DEGRADED, Optional.empty(), "2 of 3 members up")))).isFalse();
        assertThat(ClockSkewNemesis.upDespiteSkew(health(HealthStatus.DEGRADED,
                chain(HealthStatus.DEGRADED, "CHAIN_UNREACHABLE", "the chain RPC does not answer")))).isFalse();
        assertThat(ClockSkewNemesis.upDespiteSkew(health(HealthStatus.FAILED, CHAIN_LAG))).isFalse();
        assertThat(ClockSkewNemesis.upDespiteSkew(health(HealthStatus.DEGRADED))).isFalse();
    }
}
