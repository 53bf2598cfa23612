package dev.writ.policy;

import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import java.math.BigDecimal;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyEvaluatorPropertiesTest {
    private static final PolicySnapshot DEFAULT = TestPolicies.defaultPolicy();
    private static final PolicySnapshot OFFICE = TestPolicies.officeHours();

    @Property(tries = 500)
    void evaluationIsDeterministic(@ForAll("proposals") ActionProposal proposal, @ForAll("instants") Instant now) {
        for (PolicySnapshot snapshot : new PolicySnapshot[] {DEFAULT, OFFICE}) {
            Evaluation first = PolicyEvaluator.evaluate(snapshot, proposal, now);
            Evaluation second = PolicyEvaluator.evaluate(snapshot, ActionProposal.newBuilder(proposal).build(), now);
            assertThat(second).isEqualTo(first);
        }
    }

    @Property(tries = 1000)
    void aProposalAboveTheAmountMaximumIsNeverAllowed(@ForAll("proposals") ActionProposal proposal, @ForAll("instants") Instant now) {
        Evaluation e = PolicyEvaluator.evaluate(DEFAULT, proposal, now);
        String amount = proposal.getAction().getParametersMap().get("amount");
        BigDecimal value = amount == null ? null : PlainDecimal.parse(amount).orElse(null);
        if (e.decision() != Decision.DENY) {
            assertThat(value).isNotNull();
            assertThat(value).isLessThanOrEqualTo(new BigDecimal("1000"));
            assertThat(value).isGreaterThanOrEqualTo(new BigDecimal("0.01"));
        }
        if (value != null && value.compareTo(new BigDecimal("1000")) > 0 && proposal.getAgentId().equals(TestPolicies.PAYMENTS_AGENT)) {
            assertThat(e.codes()).contains("PARAMETER_ABOVE_MAXIMUM");
        }
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli);
    }

    @Provide
    Arbitrary<ActionProposal> proposals() {
        Arbitrary<String> agents = Arbitraries.of(TestPolicies.PAYMENTS_AGENT, "spiffe://acme/agent/payments-intern",
                TestPolicies.REPORTER, "spiffe://acme/agent/other", "spiffe://evil/agent/payments-x");
        Arbitrary<String> amounts = Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(new BigDecimal("-100"), new BigDecimal("100000")).ofScale(2).map(BigDecimal::toPlainString),
                Arbitraries.of("1000", "1000.00", "1000.001", "500", "500.01", "0", "0.01", "1e3", "NaN", "", "-0", "999999999999999999999"));
        Arbitrary<String> currencies = Arbitraries.of("EUR", "USD", "GBP", "JPY", "");
        Arbitrary<String> operations = Arbitraries.of("transfer", "refund", "read", "post", "delete");
        Arbitrary<String> targets = Arbitraries.of("payments-api", "reports-api", "ledger.acme.example", "hr-api");
        Arbitrary<Integer> risks = Arbitraries.integers().between(-1, 120);
        Arbitrary<Integer> windows = Arbitraries.integers().between(0, 400);
        return Combinators.combine(agents, amounts, currencies, operations, targets, risks, windows)
                .as((agent, amount, currency, operation, target, risk, window) -> {
                    ActionProposal.Builder p = TestPolicies.transfer(amount).setAgentId(agent).setRequestedWindowSeconds(window);
                    p.getActionBuilder().setOperation(operation).setTarget(target);
                    if (currency.isEmpty()) {
                        p.getActionBuilder().removeParameters("currency");
                    } else {
                        p.getActionBuilder().putParameters("currency", currency);
                    }
                    p.getContextBuilder().setRiskScore(risk);
                    return p.build();
                });
    }
}
