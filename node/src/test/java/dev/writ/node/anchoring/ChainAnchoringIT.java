package dev.writ.node.anchoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.anchor.AnchorChain;
import dev.writ.contracts.anchor.OnChainVerifier;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.node.TestNode;
import dev.writ.protocol.bundle.BundleVerifier;
import dev.writ.protocol.bundle.Check;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.HealthReason;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node anchoring on a real anvil (block time 1 s): bundles carry the chain anchor and verify
 * against the chain; while the chain is down the node is DEGRADED with the reason, high-risk
 * actions escalate and low-risk ones continue, and everything is anchored once it is back.
 */
class ChainAnchoringIT {
    @TempDir
    Path dir;

    @Test
    void bundlesVerifyOnChainAndAnOutageDegradesAdmissionUntilTheChainCatchesUp() throws Exception {
        try (DevChain anvil = DevChain.start(DevChainOptions.of(dir.resolve("chain"), List.of("acme")))) {
            String contract = anvil.config().contract(EvidenceAnchorContract.NAME);
            Path nodeDir = dir.resolve("node");
            try (TestNode node = TestNode.start(nodeDir, Map.of(
                    "writ.chain.rpc-url", anvil.rpcUrl(),
                    "writ.chain.evidence-anchor", contract,
                    "writ.chain.anchorer-key", anvil.config().domain("acme").anchorer().privateKey(),
                    "writ.chain.poll-interval", "200ms",
                    "writ.chain.retry-max-backoff", "1s",
                    "writ.chain.rpc-timeout", "1s",
                    "writ.chain.stall-blocks", "5"))) {
                WritClient client = WritClient.create(node.uri());
                await("the node is HEALTHY", () -> status(client).equals("HEALTHY"));
                OnChainVerifier onChain = new OnChainVerifier(anvil.rpcUrl(), Optional.empty(), Duration.ofSeconds(5));

                ProposalResponse before = client.propose(transfer(10));
                assertThat(before.getDecision()).isEqualTo(Decision.ALLOW);
                redeem(client, before);
                ProofBundle anchored = awaitChainAnchored(client, before.getJti());
                assertThat(new BundleVerifier(Optional.empty()).verify(anchored).holds()).isTrue();
                Check check = onChain.verify(anchored);
                assertThat(check.status()).as(check.detail()).isEqualTo(Check.Status.PASS);

                anvil.kill();
                await("the node reports the chain unreachable", () -> chainReasons(client).stream()
                        .anyMatch(r -> r.getStatus().equals("DEGRADED") && r.getDetail().startsWith("CHAIN_UNREACHABLE")));
                assertThat(status(client)).isEqualTo("DEGRADED");
                // 20 s without a chain, under a steady trickle of proposals: high risk escalates, low risk continues.
                List<String> during = new ArrayList<>();
                long outageEnds = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                int escalated = 0;
                for (int i = 0; System.nanoTime() < outageEnds; i++) {
                    ProposalResponse r = client.propose(transfer(i % 3 == 0 ? 60 : 10));
                    if (i % 3 == 0) {
                        assertThat(r.getDecision()).isEqualTo(Decision.ESCALATE);
                        assertThat(r.getReasonsList()).extracting(Reason::getCode).containsExactly("HEALTH_DEGRADED");
                        escalated++;
                    } else {
                        assertThat(r.getDecision()).as("low risk continues while DEGRADED").isEqualTo(Decision.ALLOW);
                        redeem(client, r);
                        during.add(r.getJti());
                    }
                    Thread.sleep(200);
                }
                assertThat(escalated).isPositive();
                assertThat(status(client)).isEqualTo("DEGRADED");
                assertThat(metric(node, "writ_anchor_queue_depth")).as("batches queue durably").isGreaterThan(1);

                anvil.restart();
                await("the node is HEALTHY again", () -> status(client).equals("HEALTHY"));
                for (String jti : during) {
                    ProofBundle bundle = awaitChainAnchored(client, jti);
                    Check again = onChain.verify(bundle);
                    assertThat(again.status()).as(again.detail()).isEqualTo(Check.Status.PASS);
                }
                await("the queue is empty", () -> metric(node, "writ_anchor_queue_depth") == 0);
                // Every sealed batch is on chain exactly once: the chain's next batch follows the last confirmed one.
                try (AnchorChain chain = AnchorChain.connect(anvil.rpcUrl(), anvil.chainId(), contract, null, Duration.ofSeconds(5))) {
                    assertThat(chain.nextBatchSeq("acme")).isEqualTo((long) metric(node, "writ_anchor_last_confirmed_batch") + 1);
                }
            }
        }
    }

    /** Redeemed, so its bundle is served (a bundle is the operator's once the writ is used). */
    static void redeem(WritClient client, ProposalResponse allowed) throws Exception {
        client.redeem(dev.writ.protocol.wire.RedemptionRequest.newBuilder().setWrit(allowed.getWrit())
                .setMutation(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", "120").putParameters("currency", "EUR").setClassification("internal"))
                .putObserved("account.balance", "100000").setPepId("pep-it").build());
    }

    private static ActionProposal transfer(int risk) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                // one agent per proposal: the demo policy's per-agent rate and spend budgets stay out of the way
                .setAgentId("spiffe://acme/agent/payments-chain-" + UUID.randomUUID())
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", "120").putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(risk).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    /** A gauge from the node's /metrics (Prometheus text), or -2 when absent. */
    private static double metric(TestNode node, String name) {
        try {
            String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    node.uri().resolve("/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                    .findFirst().orElse(-2);
        } catch (Exception e) {
            return -2;
        }
    }

    private static String status(WritClient client) {
        try {
            return client.health().getStatus();
        } catch (Exception e) {
            return "UNKNOWN";
        }
    }

    private static List<HealthReason> chainReasons(WritClient client) {
        try {
            Health health = client.health();
            return health.getReasonsList().stream().filter(r -> r.getCheck().equals("chain")).toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static ProofBundle awaitChainAnchored(WritClient client, String jti) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            ProofBundle bundle = client.bundle(jti);
            if (bundle.getAnchorsCount() > 0 && bundle.getItemsList().stream().allMatch(i -> i.hasInclusion())
                    && bundle.getAnchorsList().stream().allMatch(a -> a.hasAnchor())) {
                return bundle;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the bundle of " + jti + " was not anchored on chain within 60 s");
            }
            Thread.sleep(100);
        }
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
