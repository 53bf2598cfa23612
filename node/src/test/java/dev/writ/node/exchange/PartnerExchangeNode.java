package dev.writ.node.exchange;

import com.google.protobuf.ByteString;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.ChainConfig;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.node.TestNode;
import dev.writ.node.keys.NodeKeys;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One acme node with the exchange on, on a real anvil where acme's node key and each other
 * domain's key are registered in the AgentRegistry; globex is its partner and owns payments-api, so
 * {@link #proposal()} depends on globex's continuity. Tests play the other domains' envelopes
 * themselves with the keys they pass.
 */
record PartnerExchangeNode(DevChain chain, TestNode node, WritClient client) implements AutoCloseable {

    /** Starts the chain with acme and {@code others} (domain → its key on chain) and acme's node, HEALTHY. */
    static PartnerExchangeNode start(Path dir, Map<String, SigningKey> others) throws Exception {
        Map<String, SigningKey> sorted = new TreeMap<>(others);
        List<String> domains = new ArrayList<>(List.of("acme"));
        domains.addAll(sorted.keySet());
        DevChain chain = DevChain.start(DevChainOptions.of(dir.resolve("chain"), domains).automine());
        try {
            ChainConfig config = chain.config();
            AgentRegistryContract registry = new AgentRegistryContract(chain.client(), config.contract(AgentRegistryContract.NAME));
            register(registry, config, "acme", NodeKeys.loadOrCreate(dir.resolve("node").resolve("node-key.pem")).verifyingKey());
            sorted.forEach((domain, key) -> register(registry, config, domain, key.verifyingKey()));
            TestNode node = TestNode.start(dir.resolve("node"), Map.of(
                    "writ.chain.rpc-url", chain.rpcUrl(),
                    "writ.chain.evidence-anchor", config.contract(EvidenceAnchorContract.NAME),
                    "writ.chain.anchorer-key", config.domain("acme").anchorer().privateKey(),
                    "writ.exchange.enabled", true,
                    "writ.exchange.registry-address", config.contract(AgentRegistryContract.NAME),
                    "writ.exchange.partners", List.of("globex"),
                    // globex sends no beacons of its own here: a loaded machine must not make its one beacon stale
                    "writ.exchange.beacon-staleness-bound", "60s",
                    "writ.exchange.target-owners", Map.of("payments-api", "globex")));
            WritClient client = WritClient.create(node.uri());
            await("the node is HEALTHY", () -> {
                try {
                    return client.health().getStatus().equals("HEALTHY");
                } catch (Exception e) {
                    return false;
                }
            });
            return new PartnerExchangeNode(chain, node, client);
        } catch (Exception | Error e) {
            chain.close();
            throw e;
        }
    }

    private static void register(AgentRegistryContract registry, ChainConfig config, String domain, VerifyingKey key) {
        long now = Instant.now().getEpochSecond();
        registry.addKey(config.domain(domain).admin().credentials(), config.domain(domain).domainId(),
                new Bytes32(key.id().bytes()), new Bytes32(key.raw()), now - 60, now + 86_400);
    }

    /** A transfer on payments-api, which globex owns: admitted only while globex's continuity is proven. */
    static ActionProposal proposal() {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/payments-bot")
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", "20").putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal")
                        .setModelHash(ByteString.copyFrom(new byte[32])))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            node.close();
        } finally {
            chain.close();
        }
    }
}
