package dev.writ.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.fabric.NodeHealth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClockSkewNemesisTest {
    private static NodeHealth health(String status, String... reasons) {
        return new NodeHealth(200, status, "acme-2", List.of("acme-1", "acme-2", "acme-3"), List.of(reasons));
    }

    @Test
    void aSkewedNodeMayBeDegradedOnlyBecauseTheChainLooksOldToIt() {
        assertThat(ClockSkewNemesis.upDespiteSkew(health("HEALTHY"))).isTrue();
        assertThat(ClockSkewNemesis.upDespiteSkew(health("DEGRADED",
                "chain DEGRADED: CHAIN_LAG: head block 71 is 60865 ms old (bound 30000 ms)",
                "chain DEGRADED: ANCHOR_BACKLOG: the oldest of 1 waiting batches was sealed 60720 ms ago"))).isTrue();
    }

    @Test
    void anyOtherReasonOrStatusIsNotReady() {
        assertThat(ClockSkewNemesis.upDespiteSkew(health("DEGRADED",
                "chain DEGRADED: CHAIN_LAG: head block 71 is 60865 ms old (bound 30000 ms)",
                "cluster DEGRADED: 2 of 3 members up"))).isFalse();
        assertThat(ClockSkewNemesis.upDespiteSkew(health("DEGRADED",
                "chain DEGRADED: CHAIN_UNREACHABLE: the chain RPC does not answer"))).isFalse();
        assertThat(ClockSkewNemesis.upDespiteSkew(health("FAILED",
                "chain DEGRADED: CHAIN_LAG: head block 71 is 60865 ms old (bound 30000 ms)"))).isFalse();
        assertThat(ClockSkewNemesis.upDespiteSkew(health("DEGRADED"))).isFalse();
    }
}
