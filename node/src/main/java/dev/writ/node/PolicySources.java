package dev.writ.node;

import dev.writ.contracts.chain.ChainClient;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.policy.FilePolicySource;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.policy.PolicyUnavailableException;
import dev.writ.node.policy.chain.ChainPolicySource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chooses the node's policy source (`writ.policy.source`). `chain`: the PolicyRegistry at
 * `writ.policy.chain.registry-address`, read for the node's domain. `file` (the default): the file
 * `writ.policy.file`, or, when that is empty, the built-in demo policy copied once to
 * `<data-dir>/policy.conf`, where an operator can edit it (it is reloaded on change).
 */
public final class PolicySources {
    private static final String BUILT_IN = "/writ/default-policy.conf";

    private PolicySources() {
    }

    public static PolicySource open(NodeSettings settings) throws IOException, PolicyUnavailableException {
        if (settings.policySource() == NodeSettings.PolicySourceKind.CHAIN) {
            NodeSettings.PolicyChain registry = settings.policyChain();
            return new ChainPolicySource(ChainClient.connect(settings.chain().rpcUrl(), settings.chain().chainId()),
                    registry.registryAddress(), settings.domain(), registry.checkInterval(), registry.maxStaleness());
        }
        Path file;
        if (settings.policyFile().isEmpty()) {
            file = settings.dataDir().resolve("policy.conf");
            if (!Files.exists(file)) {
                try (InputStream in = PolicySources.class.getResourceAsStream(BUILT_IN)) {
                    if (in == null) {
                        throw new IOException(BUILT_IN + " is missing from the classpath (the policy jar)");
                    }
                    Files.write(file, in.readAllBytes());
                }
            }
        } else {
            file = Path.of(settings.policyFile()).toAbsolutePath();
        }
        return new FilePolicySource(file, settings.policyReloadInterval().toMillis());
    }
}
