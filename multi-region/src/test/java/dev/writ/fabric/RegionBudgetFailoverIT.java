package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.BudgetDraw;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProposalResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A region lost by SIGKILL while admissions race in both regions of one domain: three node JVMs
 * on one PostgreSQL database, region east (two nodes, 0.6 of every budget) and region west (one
 * node, 0.4), under the sample policy's payments rule (50 admissions a minute, 5,000 EUR an hour).
 * West's node is killed midway; east goes on admitting until its own share is spent. Every DECISION
 * any node recorded, summed per region from the grants it names, stays within that region's share,
 * and both regions together within the limit.
 *
 * <p>Each node's region is a system property given through its launch prefix, so the fabric
 * launches the nodes of one domain with different regions without a topology of regions.
 */
class RegionBudgetFailoverIT {
    private static LocalFabric fabric;

    @BeforeAll
    static void launch() {
        Path work = Path.of("target", "it-region-budget-" + UUID.randomUUID()).toAbsolutePath();
        fabric = LocalFabric.launch(Topology.of(new DomainNodes("acme", List.of("east-1", "east-2", "west-1"))),
                FabricOptions.builder(work).database(DatabaseChoice.localPostgres())
                        .startTimeout(Duration.ofMinutes(4))
                        .place("east-1", inRegion("east"))
                        .place("east-2", inRegion("east"))
                        .place("west-1", inRegion("west"))
                        .config("writ.regions.budget-shares", "{ east = 0.6, west = 0.4 }")
                        .config("writ.ask-timeout", "1s")
                        .config("writ.budgets.refill-timeout", "1s").build());
    }

    private static NodePlacement inRegion(String region) {
        return new NodePlacement("127.0.0.1", List.of("env", "JAVA_TOOL_OPTIONS=-Dwrit.node.region=" + region));
    }

    @AfterAll
    static void close() {
        if (fabric != null) {
            fabric.close();
        }
    }

    @Test
    void killingOneRegionsNodesLeavesTheOtherServingItsShareAndNoRegionSpendsMoreThanItsShare() throws Exception {
        String agent = "payments-region-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, WritClient> clients = new HashMap<>();
        for (String node : fabric.nodeIds()) {
            clients.put(node, WritClient.builder(fabric.httpUri(node)).timeout(Duration.ofSeconds(15)).build());
        }
        int proposals = 120;
        ExecutorService callers = Executors.newFixedThreadPool(9);
        Map<String, AtomicInteger> eastAfterKill = new ConcurrentHashMap<>();
        List<Future<?>> calls = new ArrayList<>();
        List<String> order = List.of("east-1", "west-1", "east-2");
        for (int i = 0; i < proposals; i++) {
            String node = order.get(i % 3);
            boolean afterKill = i > proposals / 4;
            if (afterKill && node.equals("west-1")) {
                continue;
            }
            calls.add(callers.submit(() -> {
                String answer = answer(clients.get(node), agent);
                if (afterKill) {
                    eastAfterKill.computeIfAbsent(answer, a -> new AtomicInteger()).incrementAndGet();
                }
            }));
            if (i == proposals / 4) {
                calls.get(calls.size() - 1).get(60, TimeUnit.SECONDS);
                fabric.kill("west-1");
            }
        }
        for (Future<?> call : calls) {
            call.get(120, TimeUnit.SECONDS);
        }
        callers.shutdown();
        System.out.println("east's answers after west was killed: " + eastAfterKill);

        Map<String, BigDecimal> charged = chargedPerRegionAndKind(agent);
        System.out.println("charged per region and kind: " + charged);
        assertThat(charged.keySet()).as("both regions admitted").contains("east RATE", "west RATE");
        assertThat(charged.get("east RATE")).isLessThanOrEqualTo(new BigDecimal("30"));
        assertThat(charged.get("east SPEND")).isLessThanOrEqualTo(new BigDecimal("3000"));
        assertThat(charged.get("west RATE")).isLessThanOrEqualTo(new BigDecimal("20"));
        assertThat(charged.get("west SPEND")).isLessThanOrEqualTo(new BigDecimal("2000"));
        assertThat(charged.get("east RATE").add(charged.get("west RATE"))).isLessThanOrEqualTo(new BigDecimal("50"));
        assertThat(eastAfterKill.keySet()).as("east admits after west is lost, up to its share")
                .contains("ALLOW")
                .containsAnyOf("DENY:RATE_LIMIT_EXCEEDED", "DENY:SPEND_BUDGET_EXCEEDED");
    }

    /** Every decision recorded for the agent, by any node: what it charged, by the region its grants name, and kind. */
    private static Map<String, BigDecimal> chargedPerRegionAndKind(String agent) throws Exception {
        NodeConfig.Journal journal = fabric.journal("acme");
        Map<String, BigDecimal> charged = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(journal.url(), journal.user(), journal.password());
             PreparedStatement query = connection.prepareStatement("SELECT payload FROM writ_evidence WHERE kind = ?")) {
            query.setInt(1, EvidenceKind.DECISION_VALUE);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    DecisionRecord decision = DecisionRecord.parseFrom(rows.getBytes(1));
                    if (!decision.getAgentId().equals("spiffe://acme/agent/" + agent)) {
                        continue;
                    }
                    String region = decision.getNodeId().startsWith("east") ? "east" : "west";
                    for (BudgetDraw draw : decision.getChargesList()) {
                        assertThat(draw.getGrantIdsList()).as("a node draws on its own region's grants only")
                                .allSatisfy(grant -> assertThat(grant).startsWith(draw.getBudgetId() + "@" + region + "#g"));
                        charged.merge(region + " " + draw.getKind(), new BigDecimal(draw.getAmount()), BigDecimal::add);
                    }
                }
            }
        }
        return charged;
    }

    /** The decision and its first reason, a refusal's code, or that the node died under the call. */
    private static String answer(WritClient client, String agent) {
        ActionProposal proposal = fabric.identity("acme").sign(transfer(agent));
        for (int attempt = 0; ; attempt++) {
            try {
                ProposalResponse response = client.propose(proposal);
                return response.getDecision() == DecisionRecord.Decision.ALLOW ? "ALLOW"
                        : response.getDecision() + ":" + response.getReasons(0).getCode();
            } catch (WritRefusedException r) {
                if (!r.code().equals("BUDGET_UNAVAILABLE") || attempt >= 5) {
                    return "REFUSED:" + r.code();
                }
                // not a verdict (D63): the same proposal again
            } catch (IOException transport) {
                return "NO_ANSWER";
            }
        }
    }

    private static ActionProposal transfer(String agent) {
        return ActionProposal.newBuilder()
                .setProposalId("it-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/" + agent)
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", "100").putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }
}
