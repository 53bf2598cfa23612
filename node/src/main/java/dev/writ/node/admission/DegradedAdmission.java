package dev.writ.node.admission;

import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import dev.writ.policy.Evaluation;
import dev.writ.policy.ReasonCode;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import java.util.List;

/**
 * What a DEGRADED node does to a decision (docs/architecture.md, "Health"): high-risk
 * actions escalate to a human, low-risk ones continue. FAILED never gets here: {@code FailClosed}
 * refuses everything first. Pure; the health report and threshold come in as arguments.
 */
public final class DegradedAdmission {
    private DegradedAdmission() {
    }

    /**
     * @param escalateAtLeast the lowest risk score (0..100) that escalates while DEGRADED
     */
    public static Evaluation apply(Evaluation evaluation, HealthReport health, int riskScore, int escalateAtLeast) {
        if (health.status() != HealthStatus.DEGRADED || evaluation.decision() != Decision.ALLOW || riskScore < escalateAtLeast) {
            return evaluation;
        }
        String why = health.findings().stream().filter(f -> f.status() == HealthStatus.DEGRADED)
                .map(f -> f.check() + ": " + f.detail()).reduce((a, b) -> a + "; " + b).orElse("DEGRADED");
        return new Evaluation(Decision.ESCALATE, List.of(ReasonCode.HEALTH_DEGRADED.reason("the node is DEGRADED (" + why
                + ") and risk score " + riskScore + " >= " + escalateAtLeast + " needs a human approval")),
                evaluation.window(), evaluation.drift(), evaluation.charges(), evaluation.epoch());
    }
}
