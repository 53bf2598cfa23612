package dev.writ.node;

import dev.writ.node.policy.FilePolicySource;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.policy.PolicyUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Chooses the node's policy source. Until the chain holds policy (the contracts issue), it is a
 * file: `writ.policy.file`, or, when that is empty, the built-in demo policy copied once to
 * `<data-dir>/policy.conf`, where an operator can edit it (it is reloaded on change).
 */
public final class PolicySources {
    private static final String BUILT_IN = "/writ/default-policy.conf";

    private PolicySources() {
    }

    public static PolicySource open(NodeSettings settings) throws IOException, PolicyUnavailableException {
        Path file;
        if (settings.policyFile().isEmpty()) {
            file = settings.dataDir().resolve("policy.conf");
            if (!Files.exists(file)) {
                try (InputStream in = PolicySources.class.getResourceAsStream(BUILT_IN)) {
                    if (in == null) {
                        throw new IOException(BUILT_IN + " is missing from the node's jar");
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
