package dev.writ.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

import static dev.writ.policy.TestPolicies.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesHashTest {
    private static final String ONE_ORDER = """
            domain = acme
            version = 1
            rules = [ {
              name = payments
              agent-class = "spiffe://acme/agent/payments-*"
              targets { payments-api = [transfer, refund], ledger = [post] }
              parameters {
                amount { required = true, minimum = 0.01, maximum = 1000 }
                currency { one-of = [EUR, USD, GBP], required = true }
              }
              classifications = [public, internal]
              rate { max = 50, period = 1m }
              window-seconds = 60
            } ]
            """;
    private static final String OTHER_ORDER = """
            rules = [ {
              window-seconds = 60
              rate { period = 60s, max = 50 }
              classifications = [internal, public]
              parameters {
                currency { required = true, one-of = [GBP, EUR, USD] }
                amount { maximum = 1000.00, required = true, minimum = 0.010 }
              }
              targets { ledger = [post], payments-api = [refund, transfer] }
              agent-class = "spiffe://acme/agent/payments-*"
              name = payments
            } ]
            version = 1
            domain = acme
            """;

    @Test
    void theSameRulesWrittenInAnotherKeyOrderHashTheSame() throws Exception {
        assertThat(parse(ONE_ORDER).rulesHash()).isEqualTo(parse(OTHER_ORDER).rulesHash());
        assertThat(parse(ONE_ORDER)).isEqualTo(parse(OTHER_ORDER));
    }

    @Test
    void aChangedBoundChangesTheHash() throws Exception {
        assertThat(parse(ONE_ORDER.replace("maximum = 1000", "maximum = 1001")).rulesHash())
                .isNotEqualTo(parse(ONE_ORDER).rulesHash());
    }

    @Test
    void reorderingRulesChangesTheHashBecauseOrderDecides() throws Exception {
        String a = "{ name = a, agent = \"spiffe://acme/agent/a\", targets { t = [x] }, window-seconds = 60 }";
        String b = "{ name = b, agent-class = \"spiffe://acme/agent/*\", targets { t = [y] }, window-seconds = 60 }";
        PolicySet ab = parse("domain = acme\nversion = 1\nrules = [" + a + "\n" + b + "]");
        PolicySet ba = parse("domain = acme\nversion = 1\nrules = [" + b + "\n" + a + "]");
        assertThat(ab.rulesHash()).isNotEqualTo(ba.rulesHash());
    }

    @Test
    void theVersionIsNotPartOfTheHashButTheDomainIs() throws Exception {
        assertThat(parse(ONE_ORDER.replace("version = 1", "version = 9")).rulesHash()).isEqualTo(parse(ONE_ORDER).rulesHash());
        PolicySet set = parse(ONE_ORDER);
        byte[] otherDomain = PolicyCanonicalForm.rulesHash("globex", set.minimumWritVersion(), set.rules());
        assertThat(otherDomain).isNotEqualTo(set.rulesHash());
    }

    @Test
    void theCanonicalRenderingIsSortedCompactJson() throws Exception {
        PolicySet set = parse("domain = acme\nversion = 1\nrules = [ { name = r, agent = \"spiffe://acme/agent/a\", "
                + "targets { t = [b, a] }, parameters { n { maximum = 5.50 } }, window-seconds = 60 } ]");
        String rendered = new String(PolicyCanonicalForm.render(set.domain(), set.minimumWritVersion(), set.rules()), StandardCharsets.UTF_8);
        assertThat(rendered).isEqualTo("{\"domain\":\"acme\",\"format\":\"writ-policy/1\",\"minimumWritVersion\":\"1\",\"rules\":[{"
                + "\"agent\":{\"exact\":\"spiffe://acme/agent/a\"},\"allowUndeclaredParameters\":\"false\",\"classifications\":[],"
                + "\"drift\":[],\"name\":\"r\",\"parameters\":{\"n\":{\"maximum\":\"5.5\",\"oneOf\":[],\"required\":\"false\"}},"
                + "\"targets\":{\"t\":[\"a\",\"b\"]},\"timeWindows\":[],\"windowSeconds\":\"60\"}]}");
    }

    @Test
    void aPolicySetRefusesAHashThatDoesNotDescribeItsRules() throws Exception {
        PolicySet set = parse(ONE_ORDER);
        byte[] wrong = set.rulesHash();
        wrong[0] ^= 1;
        assertThatThrownBy(() -> new PolicySet(set.domain(), set.version(), set.minimumWritVersion(), set.rules(), wrong))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rules hash");
        assertThat(PolicySet.of(set.domain(), 5, set.minimumWritVersion(), List.copyOf(set.rules())).rulesHash())
                .isEqualTo(set.rulesHash());
    }
}
