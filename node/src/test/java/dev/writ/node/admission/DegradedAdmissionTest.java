package dev.writ.node.admission;

import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import dev.writ.policy.Evaluation;
import dev.writ.policy.ReasonCode;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.PolicyEpoch;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DegradedAdmissionTest {
    private static final Evaluation ALLOW = new Evaluation(Decision.ALLOW, List.of(ReasonCode.WITHIN_POLICY.reason("ok")),
            Duration.ofSeconds(60), List.of(), List.of(), PolicyEpoch.newBuilder().setVersion(1).build());
    private static final HealthReport DEGRADED = HealthReport.of(List.of(new Finding("chain", HealthStatus.DEGRADED,
            "CHAIN_UNREACHABLE: connection refused")), List.of(), 0);
    private static final HealthReport HEALTHY = HealthReport.of(List.of(new Finding("chain", HealthStatus.HEALTHY, "ok")),
            List.of(), 0);

    @Test
    void highRiskEscalatesWhileDegradedNamingTheReason() {
        Evaluation e = DegradedAdmission.apply(ALLOW, DEGRADED, 80, 50);
        assertThat(e.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(e.codes()).containsExactly(ReasonCode.HEALTH_DEGRADED.name());
        assertThat(e.reasons().get(0).getDetail()).contains("CHAIN_UNREACHABLE");
        assertThat(e.window()).isEqualTo(ALLOW.window());
    }

    @Test
    void lowRiskContinuesWhileDegradedAndNothingChangesWhenHealthy() {
        assertThat(DegradedAdmission.apply(ALLOW, DEGRADED, 49, 50)).isSameAs(ALLOW);
        assertThat(DegradedAdmission.apply(ALLOW, HEALTHY, 100, 50)).isSameAs(ALLOW);
    }

    @Test
    void denialsStayDenials() {
        Evaluation deny = new Evaluation(Decision.DENY, List.of(ReasonCode.TARGET_NOT_ALLOWED.reason("no")), Duration.ZERO,
                List.of(), List.of(), ALLOW.epoch());
        assertThat(DegradedAdmission.apply(deny, DEGRADED, 100, 0)).isSameAs(deny);
    }
}
