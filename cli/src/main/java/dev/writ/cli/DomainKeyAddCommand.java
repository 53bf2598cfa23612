package dev.writ.cli;

import dev.writ.contracts.chain.Bytes32;
import dev.writ.node.keys.NodeKeys;
import dev.writ.protocol.crypto.VerifyingKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ domain key add`: the domain admin registers a node's Ed25519 signing key for the domain in
 * the AgentRegistry before the node first starts; partners verify the domain's envelopes and writs
 * against it (invariant 8). The node's key file is made here (owner-only) when it does not exist
 * yet, where the node would make it on first start ({@code <writ.node.data-dir>/node-key.pem}).
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Register a node's signing key for the domain on chain (domain admin signs).",
                "Creates the node's key file (owner-only) if it does not exist yet."})
final class DomainKeyAddCommand extends CaStep {
    /** Registered from a minute ago: a partner's clock a little behind the chain still finds the key valid. */
    private static final long BACKDATE_SECONDS = 60;

    @Mixin
    private RegistryOptions registry;

    @Mixin
    private DomainAdminOptions domain;

    @Option(names = "--node-key", required = true, paramLabel = "<file>",
            description = "the node's key, <writ.node.data-dir>/node-key.pem (made here if missing)")
    private Path nodeKey;

    @Option(names = "--validity", defaultValue = "30d", converter = HoconDuration.class,
            description = "how long the key is valid on chain (default ${DEFAULT-VALUE})")
    private Duration validity;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException {
        Bytes32 domainId = domain.domainId();
        if (validity.isNegative() || validity.isZero()) {
            throw new CaOutput.Refused("MALFORMED", "--validity must be positive");
        }
        Credentials admin = domain.admin();
        VerifyingKey key = NodeKeys.loadOrCreate(nodeKey).verifyingKey();
        long from = Instant.now().getEpochSecond() - BACKDATE_SECONDS;
        var receipt = registry.call((r, chain) -> r.addKey(admin, domainId, new Bytes32(key.id().bytes()),
                new Bytes32(key.raw()), from, from + BACKDATE_SECONDS + validity.toSeconds()));
        console.println("registered key " + key.id() + " of " + nodeKey + " for domain " + domain.domain() + " (transaction "
                + receipt.getTransactionHash() + ")");
    }
}
