package dev.writ.fabric;

import static dev.writ.fabric.Transfers.action;
import static dev.writ.fabric.Transfers.redemption;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.fabric.region.RegionLinks;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A domain across two regions from a topology file (docs/regions.md): one node in eu with the
 * database's primary (the machine's PostgreSQL), one in us, every link between the regions through
 * a relay adding {@link #ROUND_TRIP}. The nodes form one cluster over Artery mutual TLS through the
 * relays (each knows the other only by a name its region resolves to a relay), the us node reaches
 * the database through its relay, and a PEP redeems a writ minted in eu from either region. Then it
 * measures admission and redemption in each placement and writes the figures to
 * {@code target/region-latency.txt} (not asserted: the machine is shared). Last, a cut between the
 * regions never lets both sides redeem one writ.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegionFabricIT {
    static final Duration ROUND_TRIP = Duration.ofMillis(Long.getLong("writ.region.round-trip-ms", 60));
    private static final int SAMPLES = Integer.getInteger("writ.region.samples", 100);
    private static final int WARM_UP = 20;
    private static final String EU = "acme-eu-1";
    private static final String US = "acme-us-1";
    private static LocalFabric fabric;

    @BeforeAll
    static void launch() throws Exception {
        TopologyFile file = TopologyFile.parse("""
                database = postgres
                round-trip = %dms
                regions = [eu, us]
                domains = [ { name = acme
                              regions = [ { region = eu, nodes = 1 }, { region = us, nodes = 1 } ]
                              database { primary = eu } } ]
                """.formatted(ROUND_TRIP.toMillis()), "region-fabric-it.conf");
        Path work = Path.of("target", "it-region-fabric-" + UUID.randomUUID()).toAbsolutePath();
        // the bench's policy: no per-agent rate or spend budget, so the figures are admission and redemption
        Path policy = Files.createDirectories(work).resolve("bench-policy.conf");
        try (var in = RegionFabricIT.class.getClassLoader().getResourceAsStream(SamplePolicies.BENCH_POLICY_RESOURCE)) {
            Files.write(policy, in.readAllBytes());
        }
        fabric = LocalFabric.launch(file.topology(), file.applyTo(FabricOptions.builder(work)).policyFile(policy)
                .startTimeout(Duration.ofSeconds(240)).build());
    }

    @AfterAll
    static void close() {
        if (fabric != null) {
            fabric.close();
        }
    }

    @Test
    @Order(1)
    void nodesInTwoRegionsClusterThroughTheRelaysAndAPepRedeemsFromEitherRegion() throws Exception {
        for (String id : List.of(EU, US)) {
            NodeHealth h = fabric.awaitHealth(id, x -> x.healthy() && x.membersUp().size() == 2, Duration.ofSeconds(30),
                    "HEALTHY with both regions' nodes up");
            assertThat(h.membersUp()).anyMatch(m -> m.contains("acme-eu-1.eu.writ")).anyMatch(m -> m.contains("acme-us-1.us.writ"));
        }
        RegionLinks links = fabric.regionLinks().orElseThrow();
        assertThat(links.links()).filteredOn(l -> l.what().startsWith("artery "))
                .as("each node's Artery reached through the other region's relay").hasSize(2)
                .allMatch(l -> l.relay().connections() > 0);
        assertThat(links.links()).filteredOn(l -> l.what().startsWith("database acme primary"))
                .singleElement().matches(l -> l.from().equals("us") && l.relay().connections() > 0,
                        "the us node reaches the primary in eu through the relay");
        assertThat(fabric.config(US).journal().url()).doesNotContain(":5432/");
        assertThat(fabric.config(EU).journal().url()).contains("127.0.0.1:5432/");

        WritClient agentEu = client(fabric.httpUri(EU, "eu"));
        WritClient pepEu = client(fabric.httpUri(EU, "eu"));
        WritClient pepUsLocal = client(fabric.httpUri(US, "us"));
        WritClient pepUsToEu = client(fabric.httpUri(EU, "us"));
        for (WritClient pep : List.of(pepEu, pepUsLocal, pepUsToEu)) {
            ProposalResponse issued = admit(agentEu, "5");
            assertThat(pep.redeem(redemption(issued, "5", agent(), pep)).getJti()).isEqualTo(issued.getJti());
        }
        URI usHttp = fabric.httpUri(US, "eu");
        assertThat(usHttp.getHost()).isEqualTo("127.77.1.2");

        measure(agentEu, pepEu, pepUsLocal, pepUsToEu);
    }

    /**
     * Two regions partitioned: what decides is the database, not cluster membership. A redemption is
     * a claim committed on the domain's one primary (D45), so the side without the primary's region
     * cannot commit one, whatever the split-brain resolver does with the nodes. A writ minted before
     * the cut, redeemed at once on both sides, is redeemed at most once; after the heal the side
     * that could not redeem it is told REPLAYED.
     */
    @Test
    @Order(2)
    void aCutBetweenTheRegionsNeverLetsBothSidesRedeemTheSameWrit() throws Exception {
        WritClient agentEu = client(fabric.httpUri(EU, "eu"));
        WritClient pepEu = client(fabric.httpUri(EU, "eu"));
        WritClient pepUs = client(fabric.httpUri(US, "us"));
        List<ProposalResponse> writs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            writs.add(admit(agentEu, "9"));
        }
        RegionLinks links = fabric.regionLinks().orElseThrow();
        links.cut("eu", "us");
        List<Boolean[]> outcomes = new java.util.ArrayList<>();
        try {
            for (ProposalResponse writ : writs) {
                var euSide = java.util.concurrent.CompletableFuture.supplyAsync(() -> redeems(pepEu, writ));
                var usSide = java.util.concurrent.CompletableFuture.supplyAsync(() -> redeems(pepUs, writ));
                outcomes.add(new Boolean[] {euSide.get(), usSide.get()});
            }
        } finally {
            links.heal("eu", "us");
        }
        for (int i = 0; i < writs.size(); i++) {
            assertThat(outcomes.get(i)[0] && outcomes.get(i)[1]).as("writ %s redeemed on both sides of the cut",
                    writs.get(i).getJti()).isFalse();
            assertThat(outcomes.get(i)[1]).as("the side without the primary redeemed nothing").isFalse();
        }
        for (String id : List.of(EU, US)) {
            fabric.awaitHealth(id, x -> x.healthy() && x.membersUp().size() == 2, Duration.ofSeconds(180),
                    "HEALTHY with both regions' nodes up again after the heal");
        }
        assertThat(outcomes).as("the primary's side kept redeeming through the cut").anyMatch(o -> o[0]);
        for (int i = 0; i < writs.size(); i++) {
            if (outcomes.get(i)[0]) {
                assertThat(afterHeal(pepUs, writs.get(i))).as("single use of %s holds after the heal", writs.get(i).getJti())
                        .isEqualTo("REPLAYED");
            }
        }
    }

    /**
     * The refusal code the PEP gets for {@code writ} once its node has its database again: the cut
     * closed the node's connections, and until its pool has new ones it refuses
     * EVIDENCE_UNAVAILABLE (fail closed), which is not the answer awaited.
     */
    private static String afterHeal(WritClient pep, ProposalResponse writ) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try {
                pep.redeem(redemption(writ, "9", agent(), pep));
                return "REDEEMED";
            } catch (WritRefusedException e) {
                if (!e.code().equals("EVIDENCE_UNAVAILABLE") || System.nanoTime() - deadline > 0) {
                    return e.code();
                }
            }
            Thread.sleep(250);
        }
    }

    /** Whether the PEP's redemption was acknowledged; any refusal or failure to answer is not. */
    private static boolean redeems(WritClient pep, ProposalResponse writ) {
        try {
            return pep.redeem(redemption(writ, "9", agent(), pep)).getJti().equals(writ.getJti());
        } catch (Exception e) {
            return false;
        }
    }

    private static void measure(WritClient agentEu, WritClient pepEu, WritClient pepUsLocal, WritClient pepUsToEu)
            throws Exception {
        WritClient agentUs = client(fabric.httpUri(US, "us"));
        long[] admitEu = new long[SAMPLES];
        long[] admitUs = new long[SAMPLES];
        long[] redeemEu = new long[SAMPLES];
        long[] redeemUsLocal = new long[SAMPLES];
        long[] redeemUsToEu = new long[SAMPLES];
        for (int i = -WARM_UP; i < SAMPLES; i++) {
            long t0 = System.nanoTime();
            ProposalResponse a = admit(agentEu, "7");
            long t1 = System.nanoTime();
            ProposalResponse b = admit(agentEu, "7");
            ProposalResponse c = admit(agentEu, "7");
            long t2 = System.nanoTime();
            admit(agentUs, "7");
            long t3 = System.nanoTime();
            pepEu.redeem(redemption(a, "7", agent(), pepEu));
            long t4 = System.nanoTime();
            pepUsLocal.redeem(redemption(b, "7", agent(), pepUsLocal));
            long t5 = System.nanoTime();
            pepUsToEu.redeem(redemption(c, "7", agent(), pepUsToEu));
            long t6 = System.nanoTime();
            if (i >= 0) {
                admitEu[i] = t1 - t0;
                admitUs[i] = t3 - t2;
                redeemEu[i] = t4 - t3;
                redeemUsLocal[i] = t5 - t4;
                redeemUsToEu[i] = t6 - t5;
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("round trip between regions: ").append(ROUND_TRIP.toMillis()).append(" ms (relay, half each way)\n");
        out.append("database: PostgreSQL primary in eu (").append(fabric.databaseDescription()).append(")\n");
        out.append("samples per row: ").append(SAMPLES).append(" after ").append(WARM_UP).append(" warm-up, one client, sequential\n");
        row(out, "admission, agent and node in eu (the primary's region)", admitEu);
        row(out, "admission, agent and node in us (database across the link)", admitUs);
        row(out, "redemption, PEP in eu at the eu node (minting region)", redeemEu);
        row(out, "redemption, PEP in us at the us node (writ minted in eu)", redeemUsLocal);
        row(out, "redemption, PEP in us at the eu node (client link crosses)", redeemUsToEu);
        Files.writeString(Path.of("target", "region-latency.txt"), out.toString(), StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder out, String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        out.append(String.format("%-62s p50 %7.1f ms  p99 %7.1f ms%n", what, at(sorted, 0.50) / 1e6, at(sorted, 0.99) / 1e6));
    }

    private static long at(long[] sorted, double q) {
        return sorted[(int) Math.ceil(q * sorted.length) - 1];
    }

    private static WritClient client(URI uri) {
        return WritClient.builder(uri).timeout(Duration.ofSeconds(20))
                .pepCredential(fabric.identity("acme").pep("pep-it")).build();
    }

    private static ProposalResponse admit(WritClient client, String amount) throws Exception {
        ProposalResponse issued = Admit.admit(client, () -> fabric.identity("acme").sign(ActionProposal.newBuilder()
                .setProposalId("it-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/payments-it")
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build()));
        assertThat(issued.getDecision()).isEqualTo(Decision.ALLOW);
        return issued;
    }

    private static AgentCredential agent() {
        return fabric.identity("acme").agent("spiffe://acme/agent/payments-it");
    }
}
