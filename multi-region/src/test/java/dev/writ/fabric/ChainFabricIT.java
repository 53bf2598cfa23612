package dev.writ.fabric;

import static dev.writ.fabric.Transfers.action;
import static dev.writ.fabric.Transfers.redemption;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.contracts.anchor.OnChainVerifier;
import dev.writ.policy.PolicySet;
import dev.writ.protocol.bundle.Check;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.ProposalResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three node JVMs on PostgreSQL whose policy lives in the PolicyRegistry of a real dev chain and
 * whose evidence is anchored in its EvidenceAnchor. A policy change made through the registry's
 * multisig and timelock reaches every node, new writs carry the new epoch, a writ minted under the
 * old one is refused as the new policy says, and the bundles' roots are on chain.
 */
class ChainFabricIT {
    private static FabricChain chain;
    private static LocalFabric fabric;

    @BeforeAll
    static void launch() throws Exception {
        Path work = Path.of("target", "it-chain-" + UUID.randomUUID()).toAbsolutePath();
        chain = FabricChain.start(work.resolve("chain"), List.of("acme"));
        chain.enact(policy(1));
        FabricOptions.Builder options = FabricOptions.builder(work.resolve("fabric")).database(DatabaseChoice.localPostgres());
        chain.nodeConfig("acme").forEach(options::config);
        fabric = LocalFabric.launch(Topology.singleDomain("acme", 3), options.build());
    }

    @AfterAll
    static void close() {
        if (fabric != null) {
            fabric.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void aPolicyChangeOnChainReachesEveryNodeAndRefusesWritsOfTheOldEpoch() throws Exception {
        List<WritClient> nodes = fabric.nodeIds().stream().map(n -> WritClient.builder(fabric.httpUri(n))
                .pepCredential(fabric.identity("acme").pep("pep-it"))
                .operatorCredential(fabric.identity("acme").operator()).build()).toList();
        String registry = chain.config().contract("PolicyRegistry");

        ProposalResponse old = admit(nodes.get(0), "40");
        assertThat(old.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(old.getPolicyEpoch().getContractAddress()).isEqualToIgnoringCase(registry);
        assertThat(old.getPolicyEpoch().getVersion()).isEqualTo(1);

        var change = chain.enact(policy(2));
        assertThat(change.executed()).isTrue();
        for (WritClient node : nodes) {
            awaitPolicyVersion(node, 2);
        }

        ProposalResponse fresh = admit(nodes.get(1), "40");
        assertThat(fresh.getPolicyEpoch().getVersion()).isEqualTo(2);
        assertThat(fresh.getPolicyEpoch().getBlockNumber()).isGreaterThan(old.getPolicyEpoch().getBlockNumber());
        assertThatThrownBy(() -> nodes.get(2).redeem(redemption(old, "40", agent(), nodes.get(2))))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("POLICY_EPOCH_STALE"));
        assertThat(nodes.get(2).redeem(redemption(fresh, "40", agent(), nodes.get(2))).getJti()).isEqualTo(fresh.getJti());

        ProofBundle bundle = anchored(nodes.get(0), fresh.getJti());
        Check onChain = new OnChainVerifier(chain.chain().rpcUrl(), Optional.empty(), Duration.ofSeconds(5)).verify(bundle);
        assertThat(onChain.status()).as(onChain.detail()).isEqualTo(Check.Status.PASS);
    }

    private static PolicySet policy(long version) throws Exception {
        return SamplePolicies.version(version);
    }

    private static ProposalResponse admit(WritClient client, String amount) throws Exception {
        return Admit.admit(client, () -> fabric.identity("acme").sign(ActionProposal.newBuilder()
                .setProposalId("it-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/payments-it")
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build()));
    }

    private static void awaitPolicyVersion(WritClient node, long version) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (node.health().getPolicyEpoch().getVersion() != version) {
            assertThat(Instant.now()).as("node " + node.baseUri() + " decides with v" + version).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static ProofBundle anchored(WritClient client, String jti) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            ProofBundle bundle = client.bundle(jti);
            boolean onChain = bundle.getItemsList().stream().allMatch(i -> i.hasInclusion())
                    && bundle.getAnchorsList().stream().allMatch(a -> a.hasAnchor());
            if (onChain || Instant.now().isAfter(deadline)) {
                return bundle;
            }
            Thread.sleep(250);
        }
    }

    /** The agent whose proposals {@code fabric.identity("acme").sign} signs, which proves possession of their writs. */
    private static AgentCredential agent() {
        return fabric.identity("acme").agent("spiffe://acme/agent/payments-it");
    }
}
