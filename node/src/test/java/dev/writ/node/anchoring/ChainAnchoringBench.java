package dev.writ.node.anchoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.SignedAnchorBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (run explicitly: {@code mvn -pl node -am test -Dtest=ChainAnchoringBench}):
 * time from an evidence record being durable (the proposal's answer) to its batch root confirmed
 * on chain and written into the node's bundle, in ms and in blocks, on a 1 s block-time anvil with
 * the node's default seal interval (1 s), poll interval and confirmations. Raw figures go to benchmarks/chain/.
 */
class ChainAnchoringBench {
    private static final int SAMPLES = 30;

    @TempDir
    Path dir;

    private record Sample(String jti, long durableAtMillis, long headAtDurable) {
    }

    @Test
    void recordToOnChainRoot() throws Exception {
        try (DevChain chain = DevChain.start(DevChainOptions.of(dir.resolve("chain"), List.of("acme")));
             TestNode node = TestNode.start(dir.resolve("node"), Map.of(
                     "writ.chain.rpc-url", chain.rpcUrl(),
                     "writ.chain.evidence-anchor", chain.config().contract(EvidenceAnchorContract.NAME),
                     "writ.chain.anchorer-key", chain.config().domain("acme").anchorer().privateKey(),
                     "writ.anchoring.seal-interval", "1s"))) {
            WritClient client = WritClient.create(node.uri());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!healthy(client)) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }
            // A poller checks every pending sample's bundle while records are still being made, so
            // each figure is its own (to within one polling pass of ~20 ms per pending sample).
            java.util.concurrent.ConcurrentLinkedQueue<Sample> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
            Map<String, long[]> done = new java.util.concurrent.ConcurrentHashMap<>();
            Thread poller = new Thread(() -> {
                while (done.size() < SAMPLES && !Thread.currentThread().isInterrupted()) {
                    for (Sample s : pending) {
                        try {
                            ProofBundle bundle = client.bundle(s.jti());
                            if (bundle.getAnchorsCount() > 0 && bundle.getItemsList().stream().allMatch(it -> it.hasInclusion())
                                    && bundle.getAnchorsList().stream().allMatch(SignedAnchorBatch::hasAnchor)) {
                                long block = bundle.getAnchorsList().stream().mapToLong(x -> x.getAnchor().getBlockNumber())
                                        .max().orElseThrow();
                                done.put(s.jti(), new long[] {System.currentTimeMillis() - s.durableAtMillis(),
                                        block - s.headAtDurable()});
                                pending.remove(s);
                            }
                        } catch (Exception e) {
                            // the next pass asks again
                        }
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "anchor-bench-poller");
            poller.start();
            for (int i = 0; i < SAMPLES; i++) {
                ProposalResponse r = client.propose(ActionProposal.newBuilder().setProposalId("p-" + UUID.randomUUID())
                        .setAgentId("spiffe://acme/agent/payments-bench")
                        .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                                .putParameters("amount", "120").putParameters("currency", "EUR").setClassification("internal"))
                        .setContext(ActionContext.newBuilder().setSessionId("s").setRiskScore(10).setDataClassification("internal"))
                        .setProposedAtMillis(System.currentTimeMillis())
                        .build());
                // the sample is the REDEMPTION record: a bundle is served once its writ is used
                ChainAnchoringIT.redeem(client, r);
                pending.add(new Sample(r.getJti(), System.currentTimeMillis(), chain.client().blockNumber()));
                Thread.sleep(137 + (i * 53) % 400); // spread records over the seal and block phases
            }
            poller.join(120_000);
            poller.interrupt();
            assertThat(done).hasSize(SAMPLES);
            List<String> rows = new ArrayList<>();
            long[] ms = new long[SAMPLES];
            long[] blocks = new long[SAMPLES];
            int i = 0;
            for (Map.Entry<String, long[]> e : done.entrySet()) {
                ms[i] = e.getValue()[0];
                blocks[i] = e.getValue()[1];
                rows.add(String.format("{\"jti\":\"%s\",\"ms\":%d,\"blocks\":%d}", e.getKey(), ms[i], blocks[i]));
                i++;
            }
            Arrays.sort(ms);
            Arrays.sort(blocks);
            String summary = String.format("\"ms\":{\"p50\":%d,\"p90\":%d,\"max\":%d},\"blocks\":{\"p50\":%d,\"p90\":%d,\"max\":%d}",
                    ms[SAMPLES / 2], ms[SAMPLES * 9 / 10], ms[SAMPLES - 1], blocks[SAMPLES / 2], blocks[SAMPLES * 9 / 10],
                    blocks[SAMPLES - 1]);
            Path out = Path.of("..", "benchmarks", "chain", "record-to-root-" + Instant.now().toString().replace(":", "") + ".json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, "{\"what\":\"evidence record durable -> its batch root confirmed on chain and in the bundle;"
                    + " anvil block time 1 s, seal-interval 1s, chain.poll-interval 500ms, confirmations 1, one node on H2\","
                    + summary + ",\"samples\":[\n  " + String.join(",\n  ", rows) + "\n]}\n");
            System.out.println("wrote " + out.toAbsolutePath().normalize() + "\n" + summary);
            assertThat(rows).hasSize(SAMPLES);
        }
    }

    private static boolean healthy(WritClient client) {
        try {
            return client.health().getStatus().equals("HEALTHY");
        } catch (Exception e) {
            return false;
        }
    }
}
