package dev.writ.policy;

import com.google.protobuf.ByteString;
import com.typesafe.config.ConfigFactory;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.PolicyEpoch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Policies and proposals shared by the policy tests. */
final class TestPolicies {
    static final String PAYMENTS_AGENT = "spiffe://acme/agent/payments-eu";
    static final String REPORTER = "spiffe://acme/agent/reporter";

    private TestPolicies() {
    }

    static String resource(String name) {
        try (InputStream in = TestPolicies.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PolicySet parse(String hocon) throws PolicyFormatException {
        return PolicyFiles.parse(ConfigFactory.parseString(hocon).resolve());
    }

    static PolicySnapshot snapshot(PolicySet set) {
        return new PolicySnapshot(set, PolicyEpoch.newBuilder()
                .setContractAddress("test").setVersion(set.version())
                .setRulesHash(ByteString.copyFrom(set.rulesHash())).build());
    }

    static PolicySnapshot defaultPolicy() {
        try {
            return snapshot(parse(resource("writ/default-policy.conf")));
        } catch (PolicyFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    static PolicySnapshot officeHours() {
        try {
            return snapshot(parse(resource("policy/office-hours.conf")));
        } catch (PolicyFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proposal the default policy allows: a 100 EUR transfer by a payments agent. */
    static ActionProposal.Builder transfer(String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("p-1")
                .setAgentId(PAYMENTS_AGENT)
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putAllParameters(Map.of("amount", amount, "currency", "EUR"))
                        .setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("public"))
                .setRequestedWindowSeconds(0)
                .setProposedAtMillis(1_700_000_000_000L);
    }
}
