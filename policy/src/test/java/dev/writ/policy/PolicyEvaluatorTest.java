package dev.writ.policy;

import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.DriftPredicate;
import dev.writ.protocol.wire.Reason;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static dev.writ.policy.TestPolicies.PAYMENTS_AGENT;
import static dev.writ.policy.TestPolicies.REPORTER;
import static dev.writ.policy.TestPolicies.defaultPolicy;
import static dev.writ.policy.TestPolicies.officeHours;
import static dev.writ.policy.TestPolicies.transfer;
import static org.assertj.core.api.Assertions.assertThat;

class PolicyEvaluatorTest {
    private static final Instant NOW = Instant.parse("2024-01-08T09:00:30Z"); // Monday 10:00:30 in Berlin
    private static final PolicySnapshot DEFAULT = defaultPolicy();

    private static Evaluation evaluate(ActionProposal.Builder proposal) {
        return PolicyEvaluator.evaluate(DEFAULT, proposal.build(), NOW);
    }

    private static ActionProposal.Builder withParameter(ActionProposal.Builder p, String name, String value) {
        p.getActionBuilder().putParameters(name, value);
        return p;
    }

    @Test
    void aTransferWithinEveryBoundIsAllowedWithWindowDriftAndCharges() {
        Evaluation e = evaluate(transfer("100.50"));

        assertThat(e.decision()).isEqualTo(Decision.ALLOW);
        assertThat(e.codes()).containsExactly("WITHIN_POLICY");
        assertThat(e.reasons().get(0).getDetail()).contains("rule payments").contains("transfer").contains("payments-api");
        assertThat(e.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(e.drift()).containsExactly(DriftPredicate.newBuilder()
                .setObservable("account.balance").setOp(DriftPredicate.Op.AT_LEAST).setValue("100.50").build());
        assertThat(e.epoch()).isEqualTo(DEFAULT.epoch());
        assertThat(e.charges()).containsExactly(
                new BudgetCharge(PAYMENTS_AGENT + "#payments#RATE", BudgetCharge.Kind.RATE,
                        Instant.parse("2024-01-08T09:00:00Z").toEpochMilli(), 60_000, BigDecimal.valueOf(50), BigDecimal.ONE),
                new BudgetCharge(PAYMENTS_AGENT + "#payments#SPEND", BudgetCharge.Kind.SPEND,
                        Instant.parse("2024-01-08T09:00:00Z").toEpochMilli(), 3_600_000, new BigDecimal("5000"), new BigDecimal("100.50")));
    }

    @Test
    void anAgentNoRuleMatchesIsDeniedWithNoPolicyForAgent() {
        Evaluation e = evaluate(transfer("10").setAgentId("spiffe://acme/agent/marketing"));
        assertThat(e.decision()).isEqualTo(Decision.DENY);
        assertThat(e.codes()).containsExactly("NO_POLICY_FOR_AGENT");
        assertThat(e.reasons().get(0).getDetail()).contains("spiffe://acme/agent/marketing");
        assertThat(e.charges()).isEmpty();
        assertThat(e.window()).isZero();
        assertThat(e.drift()).isEmpty();
    }

    @Test
    void anAgentOfAnotherDomainMatchesNoRuleEvenWithTheSameName() {
        Evaluation e = evaluate(transfer("10").setAgentId("spiffe://evil/agent/payments-eu"));
        assertThat(e.codes()).containsExactly("NO_POLICY_FOR_AGENT");
    }

    @Test
    void theAgentClassGlobDoesNotCrossAPathSeparator() {
        Evaluation e = evaluate(transfer("10").setAgentId("spiffe://acme/agent/payments-eu/sub"));
        assertThat(e.codes()).containsExactly("NO_POLICY_FOR_AGENT");
    }

    @Test
    void aTargetTheRuleDoesNotListIsDenied() {
        ActionProposal.Builder p = transfer("10");
        p.getActionBuilder().setTarget("hr-api");
        Evaluation e = evaluate(p);
        assertThat(e.decision()).isEqualTo(Decision.DENY);
        assertThat(e.codes()).containsExactly("TARGET_NOT_ALLOWED");
        assertThat(e.reasons().get(0).getDetail()).contains("hr-api");
    }

    @Test
    void anOperationNotListedForTheTargetIsDenied() {
        ActionProposal.Builder p = transfer("10");
        p.getActionBuilder().setOperation("delete");
        Evaluation e = evaluate(p);
        assertThat(e.codes()).containsExactly("OPERATION_NOT_ALLOWED");
        assertThat(e.reasons().get(0).getDetail()).contains("delete").contains("[refund, transfer]");
    }

    @Test
    void aMissingRequiredParameterIsDenied() {
        ActionProposal.Builder p = transfer("10");
        p.getActionBuilder().removeParameters("currency");
        assertThat(evaluate(p).codes()).containsExactly("PARAMETER_MISSING");
        assertThat(evaluate(p).reasons().get(0).getDetail()).contains("currency");
    }

    @Test
    void anOptionalDeclaredParameterMayBeAbsent() {
        assertThat(evaluate(transfer("10")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(evaluate(withParameter(transfer("10"), "account", "DE-1")).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void numbersThatAreNotPlainDecimalsAreDeniedAsNotNumeric() {
        for (String bad : new String[] {"1e3", "NaN", "Infinity", " 5", "5 ", "+5", "1,000", ".5", "5.", "0x10", "", "1E-2"}) {
            Evaluation e = evaluate(transfer(bad));
            assertThat(e.codes()).as(bad).containsExactly("PARAMETER_NOT_NUMERIC");
        }
    }

    @Test
    void anAmountAboveTheMaximumIsDeniedAndTheDetailNamesBothValues() {
        Evaluation e = evaluate(transfer("1500"));
        assertThat(e.decision()).isEqualTo(Decision.DENY);
        assertThat(e.codes()).containsExactly("PARAMETER_ABOVE_MAXIMUM");
        assertThat(e.reasons().get(0).getDetail()).isEqualTo("amount 1500 > maximum 1000");
    }

    @Test
    void theMaximumItselfIsWithinBounds() {
        assertThat(evaluate(transfer("1000.00")).decision()).isNotEqualTo(Decision.DENY);
        assertThat(evaluate(transfer("1000.000001")).codes()).containsExactly("PARAMETER_ABOVE_MAXIMUM");
    }

    @Test
    void anAmountBelowTheMinimumIsDenied() {
        Evaluation e = evaluate(transfer("-5"));
        assertThat(e.codes()).containsExactly("PARAMETER_BELOW_MINIMUM");
        assertThat(e.reasons().get(0).getDetail()).isEqualTo("amount -5 < minimum 0.01");
    }

    @Test
    void aValueOutsideTheOneOfSetIsDenied() {
        Evaluation e = evaluate(withParameter(transfer("10"), "currency", "JPY"));
        assertThat(e.codes()).containsExactly("PARAMETER_NOT_ALLOWED");
        assertThat(e.reasons().get(0).getDetail()).contains("JPY").contains("[EUR, GBP, USD]");
    }

    @Test
    void anUndeclaredParameterIsDenied() {
        Evaluation e = evaluate(withParameter(transfer("10"), "memo", "hi"));
        assertThat(e.codes()).containsExactly("PARAMETER_NOT_ALLOWED");
        assertThat(e.reasons().get(0).getDetail()).contains("memo").contains("not declared");
    }

    @Test
    void aRiskScoreAboveTheCeilingIsDenied() {
        ActionProposal.Builder p = transfer("10");
        p.getContextBuilder().setRiskScore(71);
        assertThat(evaluate(p).codes()).containsExactly("RISK_ABOVE_CEILING");
        assertThat(evaluate(p).reasons().get(0).getDetail()).isEqualTo("risk score 71 > ceiling 70");
        p.getContextBuilder().setRiskScore(70);
        assertThat(evaluate(p).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void theRiskARuleActsOnIsThePolicysWhenTheAgentReportsLess() throws Exception {
        PolicySnapshot assessed = TestPolicies.snapshot(TestPolicies.parse("""
                domain = acme
                version = 1
                rules = [{
                  name = payments
                  agent-class = "spiffe://acme/agent/payments-*"
                  targets { payments-api = [transfer] }
                  parameters {
                    amount   { required = true, minimum = 0.01, maximum = 1000 }
                    currency { required = true }
                  }
                  classifications = [public, internal]
                  risk = 90
                  approval { risk-at-least = 90 }
                  window-seconds = 60
                }]
                """));
        ActionProposal.Builder p = transfer("10");
        p.getContextBuilder().setRiskScore(0); // the agent says it is harmless
        Evaluation e = PolicyEvaluator.evaluate(assessed, p.build(), NOW);
        assertThat(e.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(e.reasons().get(0).getDetail()).isEqualTo("risk score 90 >= approval threshold 90");
        assertThat(PolicyEvaluator.assessedRisk(assessed.set(), p.build())).isEqualTo(90);
        p.getContextBuilder().setRiskScore(95); // an agent may report more than the policy sees
        assertThat(PolicyEvaluator.assessedRisk(assessed.set(), p.build())).isEqualTo(95);
        p.getContextBuilder().setRiskScore(101); // and nothing outside 0..100
        assertThat(PolicyEvaluator.evaluate(assessed, p.build(), NOW).codes()).containsExactly("RISK_ABOVE_CEILING");
    }

    @Test
    void aPolicyRiskAboveTheCeilingDeniesWhateverTheAgentReports() {
        ActionProposal.Builder p = transfer("10");
        p.getContextBuilder().setRiskScore(0);
        PolicySnapshot strict;
        try {
            strict = TestPolicies.snapshot(TestPolicies.parse(TestPolicies.resource("writ/default-policy.conf")
                    .replace("risk = 20", "risk = 80")));
        } catch (PolicyFormatException e) {
            throw new IllegalStateException(e);
        }
        assertThat(PolicyEvaluator.evaluate(strict, p.build(), NOW).codes()).containsExactly("RISK_ABOVE_CEILING");
    }

    @Test
    void aRiskScoreOutsideZeroToHundredIsDeniedEvenWithoutCeiling() {
        ActionProposal.Builder p = transfer("10").setAgentId(REPORTER);
        p.getActionBuilder().setTarget("reports-api").setOperation("read").clearParameters();
        p.getContextBuilder().setRiskScore(101);
        assertThat(evaluate(p).codes()).containsExactly("RISK_ABOVE_CEILING");
        p.getContextBuilder().setRiskScore(-1); // uint32 max on the wire
        assertThat(evaluate(p).reasons().get(0).getDetail()).contains("4294967295");
    }

    @Test
    void bothTheActionAndTheContextClassificationMustBeAllowed() {
        ActionProposal.Builder p = transfer("10");
        p.getActionBuilder().setClassification("secret");
        assertThat(evaluate(p).codes()).containsExactly("CLASSIFICATION_NOT_ALLOWED");
        p.getActionBuilder().setClassification("public");
        p.getContextBuilder().setDataClassification("restricted");
        assertThat(evaluate(p).codes()).containsExactly("CLASSIFICATION_NOT_ALLOWED");
        assertThat(evaluate(p).reasons().get(0).getDetail()).contains("restricted");
        p.getActionBuilder().setClassification("");
        p.getContextBuilder().setDataClassification("");
        assertThat(evaluate(p).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() {
        ActionProposal.Builder p = transfer("1500");
        p.getActionBuilder().setOperation("refund-all").putParameters("currency", "JPY").putParameters("memo", "x")
                .setClassification("secret");
        p.getContextBuilder().setRiskScore(99).setDataClassification("restricted");
        Evaluation e = evaluate(p);
        assertThat(e.decision()).isEqualTo(Decision.DENY);
        assertThat(e.codes()).containsExactly("OPERATION_NOT_ALLOWED", "PARAMETER_ABOVE_MAXIMUM", "PARAMETER_NOT_ALLOWED",
                "PARAMETER_NOT_ALLOWED", "RISK_ABOVE_CEILING", "CLASSIFICATION_NOT_ALLOWED", "CLASSIFICATION_NOT_ALLOWED");
        assertThat(e.charges()).isEmpty();
    }

    @Test
    void anAmountAboveTheApprovalThresholdEscalatesWithCharges() {
        Evaluation e = evaluate(transfer("500.01"));
        assertThat(e.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(e.codes()).containsExactly("APPROVAL_REQUIRED");
        assertThat(e.reasons().get(0).getDetail()).isEqualTo("amount 500.01 > approval threshold 500");
        assertThat(e.charges()).hasSize(2);
        assertThat(e.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(evaluate(transfer("500")).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void aViolationWinsOverAnApprovalThreshold() {
        Evaluation e = evaluate(withParameter(transfer("900"), "currency", "JPY"));
        assertThat(e.decision()).isEqualTo(Decision.DENY);
        assertThat(e.codes()).containsExactly("PARAMETER_NOT_ALLOWED");
    }

    @Test
    void aRiskScoreAtTheApprovalThresholdEscalates() {
        ActionProposal.Builder p = officeTransfer("10");
        p.getContextBuilder().setRiskScore(60);
        Evaluation e = PolicyEvaluator.evaluate(officeHours(), p.build(), NOW);
        assertThat(e.decision()).isEqualTo(Decision.ESCALATE);
        assertThat(e.reasons().get(0).getDetail()).isEqualTo("risk score 60 >= approval threshold 60");
    }

    @Test
    void outsideEveryTimeWindowIsDenied() {
        PolicySnapshot office = officeHours();
        ActionProposal p = officeTransfer("10").build();
        assertThat(PolicyEvaluator.evaluate(office, p, NOW).decision()).isEqualTo(Decision.ALLOW);
        // Monday 18:30 in Berlin
        Evaluation late = PolicyEvaluator.evaluate(office, p, Instant.parse("2024-01-08T17:30:00Z"));
        assertThat(late.codes()).containsExactly("OUTSIDE_TIME_WINDOW");
        // Sunday 03:00 UTC: after the Saturday-night window ended
        assertThat(PolicyEvaluator.evaluate(office, p, Instant.parse("2024-01-14T03:00:00Z")).codes())
                .containsExactly("OUTSIDE_TIME_WINDOW");
    }

    @Test
    void aWindowOverMidnightCoversTheEarlyHoursOfTheNextDay() {
        PolicySnapshot office = officeHours();
        ActionProposal p = officeTransfer("10").build();
        assertThat(PolicyEvaluator.evaluate(office, p, Instant.parse("2024-01-13T23:00:00Z")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(office, p, Instant.parse("2024-01-14T01:59:59Z")).decision()).isEqualTo(Decision.ALLOW);
        assertThat(PolicyEvaluator.evaluate(office, p, Instant.parse("2024-01-14T02:00:00Z")).decision()).isEqualTo(Decision.DENY);
        // Friday night is not in it: the window starts on Saturdays only
        assertThat(PolicyEvaluator.evaluate(office, p, Instant.parse("2024-01-13T01:00:00Z")).decision()).isEqualTo(Decision.DENY);
    }

    @Test
    void theFirstMatchingRuleDecidesEvenWhenItDenies() {
        PolicySnapshot office = officeHours();
        // the intern's exact rule comes before the class rule: a transfer is refused, not admitted by the class
        ActionProposal.Builder intern = officeTransfer("10").setAgentId("spiffe://acme/agent/payments-intern");
        Evaluation e = PolicyEvaluator.evaluate(office, intern.build(), NOW);
        assertThat(e.codes()).containsExactly("OPERATION_NOT_ALLOWED");
        // payments-eu matches the class rule first; the later, more generous exact rule is never consulted
        ActionProposal.Builder eu = officeTransfer("10").setAgentId(PAYMENTS_AGENT);
        eu.getActionBuilder().setOperation("refund");
        assertThat(PolicyEvaluator.evaluate(office, eu.build(), NOW).codes()).containsExactly("OPERATION_NOT_ALLOWED");
    }

    @Test
    void targetNamesWithDotsAreMatchedExactly() {
        ActionProposal.Builder p = officeTransfer("10");
        p.getActionBuilder().setTarget("ledger.acme.example").setOperation("post");
        assertThat(PolicyEvaluator.evaluate(officeHours(), p.build(), NOW).decision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void fixedAndParameterDriftPredicatesGoIntoTheContractInOrder() {
        Evaluation e = PolicyEvaluator.evaluate(officeHours(), officeTransfer("42").build(), NOW);
        assertThat(e.drift()).extracting(DriftPredicate::getObservable, DriftPredicate::getOp, DriftPredicate::getValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ledger.open", DriftPredicate.Op.EQUALS, "true"),
                        org.assertj.core.groups.Tuple.tuple("account.balance", DriftPredicate.Op.AT_LEAST, "42"));
        assertThat(e.charges()).isEmpty(); // the office rule has no budgets
    }

    @Test
    void aRequestedWindowShortensTheRuleWindowButNeverBelowThirtySeconds() {
        assertThat(evaluate(transfer("10").setRequestedWindowSeconds(45)).window()).isEqualTo(Duration.ofSeconds(45));
        assertThat(evaluate(transfer("10").setRequestedWindowSeconds(5)).window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(evaluate(transfer("10").setRequestedWindowSeconds(600)).window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(evaluate(transfer("10").setRequestedWindowSeconds(-1)).window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(evaluate(transfer("10").setRequestedWindowSeconds(0)).window()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void budgetPeriodsAreFixedWindowsAlignedToTheEpoch() {
        Instant late = Instant.parse("2024-01-08T09:59:59.999Z");
        Evaluation e = PolicyEvaluator.evaluate(DEFAULT, transfer("10").build(), late);
        assertThat(e.charges()).extracting(BudgetCharge::periodStartMillis).containsExactly(
                Instant.parse("2024-01-08T09:59:00Z").toEpochMilli(), Instant.parse("2024-01-08T09:00:00Z").toEpochMilli());
        assertThat(e.charges().get(0).entityId()).isEqualTo(PAYMENTS_AGENT + "#payments#RATE#" + Instant.parse("2024-01-08T09:59:00Z").toEpochMilli());
    }

    @Test
    void theReporterMayReadReportsAndNothingElse() {
        ActionProposal.Builder p = transfer("10").setAgentId(REPORTER);
        p.getActionBuilder().setTarget("reports-api").setOperation("read").clearParameters().putParameters("report", "q1");
        assertThat(evaluate(p).decision()).isEqualTo(Decision.ALLOW);
        assertThat(evaluate(p).charges()).isEmpty();
        p.getActionBuilder().setTarget("payments-api").setOperation("transfer");
        assertThat(evaluate(p).codes()).containsExactly("TARGET_NOT_ALLOWED");
    }

    @Test
    void everyReasonCarriesItsCodeAsAStableName() {
        for (ReasonCode code : ReasonCode.values()) {
            Reason reason = code.reason("d");
            assertThat(reason.getCode()).isEqualTo(code.name());
        }
    }

    private static ActionProposal.Builder officeTransfer(String amount) {
        ActionProposal.Builder p = transfer(amount);
        p.getActionBuilder().clearParameters().putParameters("amount", amount);
        return p;
    }
}
