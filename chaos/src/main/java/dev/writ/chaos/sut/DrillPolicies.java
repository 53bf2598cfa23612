package dev.writ.chaos.sut;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.writ.fabric.PartnerDomain;
import dev.writ.fabric.SamplePolicies;
import dev.writ.policy.PolicyFiles;
import dev.writ.policy.PolicyFormatException;
import dev.writ.policy.PolicySet;

/**
 * The drill's policy: the bench policy (the demo policy without per-agent budgets, so the
 * workload's load does not turn into budget refusals) at a given version. Every version raises
 * {@code minimum-writ-version} to itself, so a change makes every writ minted before it stale —
 * what the operator's policy changes in a drill exercise.
 */
public final class DrillPolicies {
    /** The version enacted before the nodes start. */
    public static final long FIRST_VERSION = 1;
    private static final String RESOURCE = SamplePolicies.BENCH_POLICY_RESOURCE;

    private DrillPolicies() {
    }

    public static PolicySet version(long version) throws PolicyFormatException {
        if (DrillPolicies.class.getClassLoader().getResource(RESOURCE) == null) {
            throw new DrillSetupException(RESOURCE + " is missing from the classpath");
        }
        // The partner domain's ledger is open to the same agents, for the multi-domain drills.
        return PolicyFiles.parse(PartnerDomain.withPartnerTarget(ConfigFactory.parseResources(RESOURCE), "payments-api",
                        SystemUnderTest.PARTNER_TARGET, "transfer")
                .withValue("version", ConfigValueFactory.fromAnyRef(version))
                .withValue("minimum-writ-version", ConfigValueFactory.fromAnyRef(version)));
    }
}
