package dev.writ.fabric.demo;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.writ.node.policy.PolicyFiles;
import dev.writ.node.policy.PolicyFormatException;
import dev.writ.node.policy.PolicySet;

/**
 * The demo's policies: the node's built-in demo policy ({@code writ/default-policy.conf}) at a
 * given version. From version 2 on, writs minted under an older version are no longer honoured
 * ({@code minimum-writ-version} = the version), so the demo can show a policy change refusing them.
 */
public final class DemoPolicies {
    private DemoPolicies() {
    }

    public static PolicySet version(long version) throws PolicyFormatException {
        return PolicyFiles.parse(ConfigFactory.parseResources("writ/default-policy.conf")
                .withValue("version", ConfigValueFactory.fromAnyRef(version))
                .withValue("minimum-writ-version", ConfigValueFactory.fromAnyRef(version)));
    }
}
