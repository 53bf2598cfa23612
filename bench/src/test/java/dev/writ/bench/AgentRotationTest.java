package dev.writ.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentRotationTest {

    @Test
    void noAgentExceedsTheDemoPolicysSpendOrRateLimitWithTheDefault() {
        AgentRotation r = new AgentRotation("acme", "t1", AgentRotation.DEFAULT_ACTIONS_PER_AGENT);
        Map<String, Integer> spend = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (long i = 0; i < 100_000; i++) {
            spend.merge(r.agentFor(i), AgentRotation.amountFor(i), Integer::sum);
            count.merge(r.agentFor(i), 1, Integer::sum);
        }
        assertThat(spend.values()).allMatch(s -> s <= AgentRotation.DEMO_SPEND_LIMIT);
        assertThat(count.values()).allMatch(c -> c <= AgentRotation.DEMO_RATE_LIMIT_PER_MINUTE);
    }

    @Test
    void amountsStayInOneToFourHundredBelowTheApprovalThreshold() {
        for (long i = 0; i < 10_000; i++) {
            assertThat(AgentRotation.amountFor(i)).isBetween(1, 400);
        }
    }

    @Test
    void agentsMatchThePaymentsClassOfTheDemoPolicy() {
        AgentRotation r = new AgentRotation("acme", "ab12", 12);
        assertThat(r.agentFor(0)).isEqualTo("spiffe://acme/agent/payments-bench-ab12-0");
        assertThat(r.agentFor(11)).isEqualTo("spiffe://acme/agent/payments-bench-ab12-0");
        assertThat(r.agentFor(12)).isEqualTo("spiffe://acme/agent/payments-bench-ab12-1");
        assertThat(r.agentFor(5)).matches("spiffe://acme/agent/payments-[^/]+");
    }
}
