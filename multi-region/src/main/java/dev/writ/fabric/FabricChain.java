package dev.writ.fabric;

import dev.writ.authority.governance.PolicyEnactment;
import dev.writ.authority.governance.PolicyGovernance;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.ChainConfig;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.chain.PolicyDocumentException;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.contracts.devchain.PolicyRegistryDeployment;
import dev.writ.node.keys.NodeKeys;
import dev.writ.policy.PolicySet;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.identity.SpiffeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;

/**
 * A fabric's chain: a dev chain (anvil, 1 s blocks) with the three contracts deployed, the
 * domains' policies put in force through the registry's multisig and timelock, and the
 * configuration that points a domain's nodes at it (policy source and evidence anchoring, and on
 * request agent identity against its AgentRegistry). The nodes then read their policy from the
 * chain ({@code writ.policy.source = chain}), never from a file.
 */
public final class FabricChain implements AutoCloseable {
    private static final Duration ENACT_TIMEOUT = Duration.ofSeconds(60);
    /** The root of a fabric's agent CA outlives any drill or demo; the intermediate the node signs with, a week. */
    /** Capabilities bitmask written with every agent registration; no node reads it yet. */
    private static final BigInteger CAPABILITIES = BigInteger.ONE;
    /** How long a node key registered by a local fabric stays valid on chain: longer than any drill or demo. */
    private static final Duration NODE_KEY_VALIDITY = Duration.ofDays(30);

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
        return enactExecuted(set).change();
    }

    /** As {@link #enact}, with the block the change was executed in (for drills that time the nodes' pick-up). */
    public PolicyEnactment.Executed enactExecuted(PolicySet set) throws PolicyDocumentException, InterruptedException {
        PolicyRegistryDeployment registry = registryDeployment();
        List<Credentials> owners = registry.owners(config().domains().size()).subList(0, registry.threshold());
        return new PolicyEnactment(chain.client(), config().contract(PolicyRegistryDeployment.NAME), owners,
                ENACT_TIMEOUT).enactExecuted(set);
    }

    /** HOCON overrides (path → value text) for the nodes of {@code domain}. */
    public Map<String, String> nodeConfig(String domain) {
        config().domain(domain); // refuses a domain the chain does not know
        Map<String, String> c = new LinkedHashMap<>();
        c.put("writ.policy.source", "chain");
        c.put("writ.policy.chain.registry-address", NodeConfigRenderer.quote(config().contract(PolicyRegistryDeployment.NAME)));
        // Evidence anchoring: every node holds the domain's dev anchorer key; only its singleton submits.
        c.put("writ.chain.rpc-url", NodeConfigRenderer.quote(chain.rpcUrl()));
        c.put("writ.chain.chain-id", Long.toString(chain.chainId()));
        c.put("writ.chain.evidence-anchor", NodeConfigRenderer.quote(config().contract(EvidenceAnchorContract.NAME)));
        c.put("writ.chain.anchorer-key", NodeConfigRenderer.quote(config().domain(domain).anchorer().privateKey()));
        return c;
    }

    /**
     * The on-chain AgentRegistry check for nodes ({@code writ.identity.agent-registry.address}, over
     * {@code writ.chain.rpc-url} from {@link #nodeConfig}): issuance from a CSR
     * ({@code POST /v1/agents/certificates}) needs the agent registered and ACTIVE (and its committed
     * enrolment key, or its current certificate), and admission
     * and redemption refuse an agent the registry shows revoked or does not know.
     */
    public Map<String, String> agentRegistryConfig() {
        return Map.of("writ.identity.agent-registry.address",
                NodeConfigRenderer.quote(config().contract(AgentRegistryContract.NAME)));
    }

    /**
     * Registers {@code agent} ACTIVE in the AgentRegistry with the key it enrols with (its first
     * certificate from a node is only for {@code enrolmentKey}), signed by its domain's admin;
     * returns once mined.
     */
    public void registerAgent(SpiffeId agent, byte[] modelHash, VerifyingKey enrolmentKey) {
        ChainConfig.DomainAccounts domain = config().domain(agent.domain());
        agentRegistry().registerAgent(domain.admin().credentials(), domain.domainId(), Bytes32.keccakOf(agent.uri()),
                CAPABILITIES, new Bytes32(modelHash), new Bytes32(enrolmentKey.id().bytes()));
    }

    /** Revokes {@code agent} in the AgentRegistry (final), signed by its domain's admin; returns once mined. */
    public void revokeAgent(SpiffeId agent, String reason) {
        ChainConfig.DomainAccounts domain = config().domain(agent.domain());
        agentRegistry().revokeAgent(domain.admin().credentials(), domain.domainId(), Bytes32.keccakOf(agent.uri()), reason);
    }

    /**
     * Registers a node's Ed25519 key as a signing key of {@code domain} in the AgentRegistry, signed
     * by the domain's admin (never by a node): partner domains verify the domain's envelopes and
     * writs against these keys (invariant 8). Valid from a minute ago for {@code validity}.
     */
    public void registerNodeKey(String domain, VerifyingKey key, Duration validity) {
        ChainConfig.DomainAccounts accounts = config().domain(domain);
        long from = Instant.now().getEpochSecond() - 60;
        agentRegistry().addKey(accounts.admin().credentials(), accounts.domainId(), new Bytes32(key.id().bytes()),
                new Bytes32(key.raw()), from, from + validity.toSeconds());
    }

    /** As {@link #registerNodeKey(String, VerifyingKey, Duration)}, valid for 30 days. */
    public void registerNodeKey(String domain, VerifyingKey key) {
        registerNodeKey(domain, key, NODE_KEY_VALIDITY);
    }

    /**
     * Makes each node's key in its data directory under {@code fabricDir} (as LocalFabric lays them
     * out: {@code <fabricDir>/<id>/node-key.pem}) before the node first starts, and registers it on
     * chain for {@code domain}, valid for a day.
     */
    public void registerNodeKeys(String domain, Path fabricDir, List<String> nodeIds) {
        for (String id : nodeIds) {
            try {
                registerNodeKey(domain, NodeKeys.loadOrCreate(fabricDir.resolve(id).resolve("node-key.pem")).verifyingKey(),
                        Duration.ofDays(1));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the key of node " + id + " under " + fabricDir, e);
            }
        }
    }

    private AgentRegistryContract agentRegistry() {
        return new AgentRegistryContract(chain.client(), config().contract(AgentRegistryContract.NAME));
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
