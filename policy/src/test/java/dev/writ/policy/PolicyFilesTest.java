package dev.writ.policy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static dev.writ.policy.TestPolicies.parse;
import static dev.writ.policy.TestPolicies.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyFilesTest {
    private static final String MINIMAL = """
            domain = acme
            version = 2
            rules = [ { name = r, agent = "spiffe://acme/agent/a", targets { t = [op] }, window-seconds = 60 %s } ]
            """;

    private static String rule(String extra) {
        return MINIMAL.formatted(extra);
    }

    @Test
    void theDefaultPolicyParsesIntoTheDemoRules() throws Exception {
        PolicySet set = parse(resource("writ/default-policy.conf"));
        assertThat(set.domain()).isEqualTo("acme");
        assertThat(set.version()).isEqualTo(1);
        assertThat(set.rules()).extracting(AgentRule::name).containsExactly("payments", "reporter");
        AgentRule payments = set.rules().get(0);
        assertThat(payments.agent()).isEqualTo(AgentMatcher.agentClass("spiffe://acme/agent/payments-*"));
        assertThat(payments.parameters().get("amount").maximum()).contains(new BigDecimal("1000"));
        assertThat(payments.rate()).contains(new RateBudget(50, Duration.ofMinutes(1)));
        assertThat(payments.spend()).contains(new SpendBudget("amount", new BigDecimal("5000"), Duration.ofHours(1)));
        assertThat(payments.riskCeiling()).hasValue(70);
        assertThat(payments.risk()).hasValue(20);
        assertThat(payments.window()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aMinimalRuleGetsSafeDefaults() throws Exception {
        PolicySet set = parse(rule(""));
        AgentRule r = set.rules().get(0);
        assertThat(set.minimumWritVersion()).isEqualTo(PolicyFiles.DEFAULT_MINIMUM_WRIT_VERSION);
        assertThat(r.allowUndeclaredParameters()).isFalse();
        assertThat(r.rate()).isEmpty();
        assertThat(r.timeWindows()).isEmpty();
    }

    @Test
    void anUnknownKeyIsRefusedNamingItsPathAndLine() {
        assertThatThrownBy(() -> parse(rule(", parameters { amount { maximun = 5 } }")))
                .isInstanceOf(PolicyFormatException.class)
                .hasMessageContaining("rules[0].parameters.amount.maximun: unknown key")
                .hasMessageContaining("maximum")
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> parse("domain = acme\nversion = 1\nrules = []\npolicy-name = x"))
                .hasMessageContaining("policy-name: unknown key");
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        assertThatThrownBy(() -> parse("domain = acme\nrules = []")).hasMessageContaining("version: required key is missing");
        assertThatThrownBy(() -> parse("domain = acme\nversion = 1\nrules = [ { name = r, agent = \"spiffe://acme/agent/a\", window-seconds = 60 } ]"))
                .hasMessageContaining("rules[0].targets: required key is missing");
    }

    @Test
    void aQuotedBoundWithAnExponentIsRefused() {
        assertThatThrownBy(() -> parse(rule(", parameters { amount { maximum = \"1e3\" } }")))
                .hasMessageContaining("rules[0].parameters.amount.maximum: expected a plain decimal")
                .hasMessageContaining("1e3");
    }

    @Test
    void decimalBoundsKeepTheirWrittenPrecision() throws Exception {
        PolicySet set = parse(rule(", parameters { amount { minimum = 0.10, maximum = \"99.99\" } }"));
        assertThat(set.rules().get(0).parameters().get("amount").minimum().orElseThrow()).isEqualByComparingTo("0.1");
        assertThat(set.rules().get(0).parameters().get("amount").maximum()).contains(new BigDecimal("99.99"));
    }

    @Test
    void anUnquotedNumberTooPreciseForADoubleMustBeQuoted() throws Exception {
        assertThatThrownBy(() -> parse(rule(", parameters { amount { maximum = 12345678901234567.89 } }")))
                .hasMessageContaining("rules[0].parameters.amount.maximum: the number")
                .hasMessageContaining("write it as a string");
        PolicySet quoted = parse(rule(", parameters { amount { maximum = \"12345678901234567.89\" } }"));
        assertThat(quoted.rules().get(0).parameters().get("amount").maximum()).contains(new BigDecimal("12345678901234567.89"));
    }

    @Test
    void anAgentOutsideThePolicyDomainIsRefused() {
        assertThatThrownBy(() -> parse(MINIMAL.replace("spiffe://acme/agent/a", "spiffe://other/agent/a").formatted("")))
                .hasMessageContaining("outside domain acme");
    }

    @Test
    void aRuleNeedsExactlyOneOfAgentAndAgentClass() {
        assertThatThrownBy(() -> parse(rule(", agent-class = \"spiffe://acme/agent/*\"")))
                .hasMessageContaining("rules[0]: exactly one of 'agent'");
    }

    @Test
    void aSpendBudgetNeedsItsParameterDeclaredRequiredAndNonNegative() {
        assertThatThrownBy(() -> parse(rule(", spend { parameter = amount, max = 10, period = 1h }")))
                .hasMessageContaining("spend uses parameter amount, which must be declared with required = true");
        assertThatThrownBy(() -> parse(rule(", spend { parameter = amount, max = 10, period = 1h }, parameters { amount { required = true, maximum = 5 } }")))
                .hasMessageContaining("needs a minimum of at least 0");
    }

    @Test
    void aNumericDriftPredicateNeedsANumericParameter() {
        assertThatThrownBy(() -> parse(rule(", parameters { a { required = true } }, drift = [ { observable = x, op = AT_LEAST, parameter = a } ]")))
                .hasMessageContaining("compares parameter a as a number");
    }

    @Test
    void outOfRangeWindowsRiskCeilingsAndPeriodsAreRefused() {
        assertThatThrownBy(() -> parse(MINIMAL.replace("window-seconds = 60", "window-seconds = 301").formatted("")))
                .hasMessageContaining("rules[0].window-seconds: must be in 30..300, was 301");
        assertThatThrownBy(() -> parse(rule(", risk-ceiling = 101"))).hasMessageContaining("rules[0].risk-ceiling");
        assertThatThrownBy(() -> parse(rule(", risk = -1"))).hasMessageContaining("rules[0].risk");
        assertThatThrownBy(() -> parse(rule(", rate { max = 5, period = 10ms }"))).hasMessageContaining("rules[0].rate");
        assertThatThrownBy(() -> parse(rule(", rate { max = 5, period = soon }"))).hasMessageContaining("rules[0].rate.period");
    }

    @Test
    void timeWindowsAcceptShortAndLongDayNamesAndRefuseUnknownOnes() throws Exception {
        PolicySet set = parse(rule(", time-windows = [ { days = [mon, TUESDAY], from = \"08:00\", to = \"09:30\", zone = UTC } ]"));
        assertThat(set.rules().get(0).timeWindows().get(0).days()).hasSize(2);
        assertThatThrownBy(() -> parse(rule(", time-windows = [ { days = [Funday], from = \"08:00\", to = \"09:30\", zone = UTC } ]")))
                .hasMessageContaining("unknown day 'Funday'");
        assertThatThrownBy(() -> parse(rule(", time-windows = [ { days = [MON], from = \"08:00\", to = \"09:30\", zone = Mars/Olympus } ]")))
                .hasMessageContaining("rules[0].time-windows[0]");
    }

    @Test
    void duplicateRuleNamesAreRefused() {
        String twice = """
                domain = acme
                version = 1
                rules = [
                  { name = r, agent = "spiffe://acme/agent/a", targets { t = [op] }, window-seconds = 60 }
                  { name = r, agent = "spiffe://acme/agent/b", targets { t = [op] }, window-seconds = 60 }
                ]
                """;
        assertThatThrownBy(() -> parse(twice)).hasMessageContaining("rule name r is used twice");
    }

    @Test
    void aDriftOpMustBeKnown() {
        assertThatThrownBy(() -> parse(rule(", drift = [ { observable = x, op = ABOUT, value = \"1\" } ]")))
                .hasMessageContaining("rules[0].drift[0].op: expected EQUALS, AT_MOST or AT_LEAST");
    }
}
