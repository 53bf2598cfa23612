package dev.writ.fabric;

import dev.writ.contracts.chain.ChainConfig;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.contracts.devchain.PolicyRegistryDeployment;
import dev.writ.node.policy.PolicySet;
import dev.writ.node.policy.chain.PolicyDocumentException;
import dev.writ.node.policy.chain.PolicyEnactment;
import dev.writ.node.policy.chain.PolicyGovernance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;

/**
 * A fabric's chain: a dev chain (anvil, 1 s blocks) with the three contracts deployed, the
 * domains' policies put in force through the registry's multisig and timelock, and the
 * configuration that points a domain's nodes at it (policy source and evidence anchoring). The nodes then read their policy from the
 * chain ({@code writ.policy.source = chain}), never from a file.
 */
public final class FabricChain implements AutoCloseable {
    private static final Duration ENACT_TIMEOUT = Duration.ofSeconds(60);

    private final DevChain chain;

    private FabricChain(DevChain chain) {
        this.chain = chain;
    }

    /** Starts anvil in {@code workDir}, deploys the contracts and registers {@code domains}. */
    public static FabricChain start(Path workDir, List<String> domains) {
        return start(workDir, domains, "127.0.0.1");
    }

    /**
     * As {@link #start(Path, List)}, with anvil listening on {@code host}: a bridge address when
     * the nodes live in network namespaces, where the host's 127.0.0.1 is not theirs.
     */
    public static FabricChain start(Path workDir, List<String> domains, String host) {
        return new FabricChain(DevChain.start(DevChainOptions.of(workDir, domains).withHost(host)));
    }

    public DevChain chain() {
        return chain;
    }

    public ChainConfig config() {
        return chain.config();
    }

    /** Puts {@code set} in force for its domain: proposed, approved to the threshold, timelock waited out, executed. */
    public PolicyGovernance.Change enact(PolicySet set) throws PolicyDocumentException, InterruptedException {
        PolicyRegistryDeployment registry = registryDeployment();
        List<Credentials> owners = registry.owners(config().domains().size()).subList(0, registry.threshold());
        return new PolicyEnactment(chain.client(), config().contract(PolicyRegistryDeployment.NAME), owners,
                ENACT_TIMEOUT).enact(set);
    }

    /** HOCON overrides (path → value text) for the nodes of {@code domain}. */
    public Map<String, String> nodeConfig(String domain) {
        config().domain(domain); // refuses a domain the chain does not know
        Map<String, String> c = new LinkedHashMap<>();
        c.put("writ.policy.source", "chain");
        c.put("writ.policy.chain.rpc-url", NodeConfigRenderer.quote(chain.rpcUrl()));
        c.put("writ.policy.chain.chain-id", Long.toString(chain.chainId()));
        c.put("writ.policy.chain.registry-address", NodeConfigRenderer.quote(config().contract(PolicyRegistryDeployment.NAME)));
        // Evidence anchoring: every node holds the domain's dev anchorer key; only its singleton submits.
        c.put("writ.chain.rpc-url", NodeConfigRenderer.quote(chain.rpcUrl()));
        c.put("writ.chain.chain-id", Long.toString(chain.chainId()));
        c.put("writ.chain.evidence-anchor", NodeConfigRenderer.quote(config().contract(EvidenceAnchorContract.NAME)));
        c.put("writ.chain.anchorer-key", NodeConfigRenderer.quote(config().domain(domain).anchorer().privateKey()));
        return c;
    }

    private PolicyRegistryDeployment registryDeployment() {
        return chain.options().deployments().stream()
                .filter(PolicyRegistryDeployment.class::isInstance).map(PolicyRegistryDeployment.class::cast)
                .findFirst().orElseThrow(() -> new FabricException("the dev chain has no PolicyRegistry deployment"));
    }

    @Override
    public void close() {
        chain.close();
    }
}
