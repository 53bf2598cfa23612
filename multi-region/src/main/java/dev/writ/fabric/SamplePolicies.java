package dev.writ.fabric;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.writ.policy.PolicyFiles;
import dev.writ.policy.PolicyFormatException;
import dev.writ.policy.PolicySet;

/**
 * The policies of the sample two-domain fabric, acme beside its partner globex, which the demo,
 * the benches, the drills and this module's tests all run under; they live with the fabric so that
 * none of those has to depend on another. acme's is the node's built-in demo policy
 * ({@code writ/default-policy.conf}) at a given version, its payment agents also allowed to post to
 * {@link #PARTNER_TARGET}, the ledger globex owns. From version 2 on, writs minted under an older
 * version are no longer honoured ({@code minimum-writ-version} = the version), so a policy change
 * visibly refuses them. globex's own policy only needs to exist: its node decides nothing for acme's
 * agents.
 */
public final class SamplePolicies {
    /** The partner domain and the target it owns. */
    public static final String PARTNER = "globex";
    public static final String PARTNER_TARGET = "globex-ledger";
    /**
     * Classpath resource: the demo policy without per-agent rate and spend budgets, so that load
     * measures admission and redemption rather than budget refusals (the bench's and drills' policy).
     */
    public static final String BENCH_POLICY_RESOURCE = "dev/writ/fabric/bench-policy.conf";

    private SamplePolicies() {
    }

    public static PolicySet version(long version) throws PolicyFormatException {
        return PolicyFiles.parse(PartnerDomain.withPartnerTarget(ConfigFactory.parseResources("writ/default-policy.conf"),
                        "payments-api", PARTNER_TARGET, "post")
                .withValue("version", ConfigValueFactory.fromAnyRef(version))
                .withValue("minimum-writ-version", ConfigValueFactory.fromAnyRef(version)));
    }

    /** globex's policy: its clerks post small amounts to its own ledger. */
    public static PolicySet partner() throws PolicyFormatException {
        return PolicyFiles.parse(ConfigFactory.parseString("domain = " + PARTNER + "\nversion = 1\nminimum-writ-version = 1\n"
                + "rules = [{ name = clerks, agent-class = \"spiffe://" + PARTNER + "/agent/clerk-*\", targets { "
                + PARTNER_TARGET + " = [post] }, parameters { amount { required = true, maximum = 10 } },"
                + " window-seconds = 60 }]"));
    }
}
