package dev.writ.node.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.TestNode;
import dev.writ.protocol.client.ApprovalSigner;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.BudgetDraw;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets and approvals split per region, on a real three-node cluster (three nodes over Artery in
 * this JVM) and the real PostgreSQL: region east (two nodes, 0.6 of every budget) and region west
 * (one node, 0.4), under the built-in policy (payments: 50 admissions a minute, 5,000 EUR an hour).
 * Admissions racing in both regions never charge more than a region's share, nor together more than
 * the limit; each region's budget owners and parked approvals live only on its own nodes; an
 * approval sent to the other region reaches the approval where it was parked; and once the west
 * node is gone, east still admits up to its own share.
 */
class RegionBudgetsIT {
    private static final String SERVER = System.getProperty("writ.it.postgres", "jdbc:postgresql://127.0.0.1:5432/");
    private static final BigDecimal RATE_LIMIT = new BigDecimal("50");
    private static final BigDecimal SPEND_LIMIT = new BigDecimal("5000");

    @TempDir
    static Path dir;
    static String database;
    static TestNode east1;
    static TestNode east2;
    static TestNode west;

    @BeforeAll
    static void start() throws Exception {
        database = "regions_budget_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        int[] ports = {freePort(), freePort(), freePort()};
        String seed = "pekko://writ@127.0.0.1:" + ports[0];
        // one after the other (each creates the schema if missing); none serves before all three are Up
        east1 = node("east-1", "east", ports[0], seed);
        east2 = node("east-2", "east", ports[1], seed);
        west = node("west-1", "west", ports[2], seed);
        east1.awaitServing();
        east2.awaitServing();
        west.awaitServing();
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestNode node : new TestNode[] {west, east2, east1}) {
            if (node != null) {
                node.close();
            }
        }
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void eachRegionSpendsItsShareOnlyItsOwnersAndApprovalsLiveThereAndEastServesOnWithoutWest() throws Exception {
        // Racing admissions in both regions for one agent.
        String agent = "payments-regions-" + UUID.randomUUID().toString().substring(0, 8);
        List<TestNode> eastNodes = List.of(east1, east2);
        Map<String, List<Answer>> answers = race(agent, Map.of("east", eastNodes, "west", List.of(west)), 45);

        Map<String, Map<String, BigDecimal>> charged = new HashMap<>();
        answers.forEach((region, list) -> {
            for (Answer answer : list) {
                answer.charges().forEach(draw -> {
                    assertThat(draw.getGrantIdsList()).as("a region's admissions are charged to its own owners' grants")
                            .allSatisfy(grant -> assertThat(grant).startsWith(draw.getBudgetId() + "@" + region + "#g"));
                    charged.computeIfAbsent(region, r -> new HashMap<>()).merge(draw.getKind(), new BigDecimal(draw.getAmount()),
                            BigDecimal::add);
                });
            }
        });
        System.out.println("charged per region and kind: " + charged);
        assertThat(charged.keySet()).as("both regions admitted").containsExactlyInAnyOrder("east", "west");
        assertThat(charged.get("east").get("RATE")).as("east's share of the rate").isLessThanOrEqualTo(new BigDecimal("30"));
        assertThat(charged.get("west").get("RATE")).as("west's share of the rate").isLessThanOrEqualTo(new BigDecimal("20"));
        assertThat(charged.get("east").get("SPEND")).isLessThanOrEqualTo(new BigDecimal("3000"));
        assertThat(charged.get("west").get("SPEND")).isLessThanOrEqualTo(new BigDecimal("2000"));
        assertThat(charged.get("east").get("RATE").add(charged.get("west").get("RATE"))).as("together").isLessThanOrEqualTo(RATE_LIMIT);
        assertThat(charged.get("east").get("SPEND").add(charged.get("west").get("SPEND"))).isLessThanOrEqualTo(SPEND_LIMIT);
        for (String region : List.of("east", "west")) {
            assertThat(answers.get(region)).extracting(Answer::outcome).as(region + " ran out of its share, and said so")
                    .containsAnyOf("DENY:RATE_LIMIT_EXCEEDED", "DENY:SPEND_BUDGET_EXCEEDED");
        }

        // Placement: a region's budget owners only on its nodes.
        Set<String> eastOwners = new HashSet<>(hosted(east1, "Budget-east"));
        eastOwners.addAll(hosted(east2, "Budget-east"));
        assertThat(eastOwners).as("east's owners of the agent's budgets, on east's nodes")
                .anySatisfy(id -> assertThat(id).contains(agent).endsWith("@east"));
        assertThat(hosted(west, "Budget-east")).as("no east owner on the west node").isEmpty();
        assertThat(hosted(west, "Budget-west")).anySatisfy(id -> assertThat(id).contains(agent).endsWith("@west"));
        assertThat(hosted(east1, "Budget-west")).as("no west owner on an east node").isEmpty();
        assertThat(hosted(east2, "Budget-west")).isEmpty();

        // An approval parked in west stays there; approved through an east node, it reaches it.
        ProposalResponse escalated = WritClient.create(west.uri()).propose(transfer("payments-big-" + UUID.randomUUID()
                .toString().substring(0, 8), "700"));
        assertThat(escalated.getDecision()).isEqualTo(Decision.ESCALATE);
        String parkedId = escalated.getApprovalId() + "@west";
        assertThat(hosted(west, "Approval-west")).contains(parkedId);
        assertThat(hosted(east1, "Approval-west")).as("east reaches west's approvals through a proxy, hosting none")
                .isEmpty();
        assertThat(hosted(east2, "Approval-west")).isEmpty();
        ProposalResponse approved = WritClient.create(east1.uri()).approve(escalated.getApprovalId(),
                new ApprovalSigner(TestNode.APPROVER, east1.approverKey, Clock.systemUTC()).approve(escalated));
        assertThat(approved.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(approved.getWrit()).isNotEmpty();
        ProposalResponse again = WritClient.create(west.uri()).approve(escalated.getApprovalId(),
                new ApprovalSigner(TestNode.APPROVER, west.approverKey, Clock.systemUTC()).approve(escalated));
        assertThat(again.getJti()).as("the approval was recorded where it was parked: west answers the same writ")
                .isEqualTo(approved.getJti());

        // West is lost: east serves its own share on, as before.
        west.close();
        west = null;
        String after = "payments-after-west-" + UUID.randomUUID().toString().substring(0, 8);
        List<Answer> eastAfter = race(after, Map.of("east", eastNodes), 40).get("east");
        BigDecimal rate = eastAfter.stream().flatMap(a -> a.charges().stream()).filter(d -> d.getKind().equals("RATE"))
                .map(d -> new BigDecimal(d.getAmount())).reduce(BigDecimal.ZERO, BigDecimal::add);
        System.out.println("east after west was lost: " + eastAfter.stream().map(Answer::outcome).toList() + ", rate " + rate);
        assertThat(eastAfter).extracting(Answer::outcome).as("east still admits").contains("ALLOW:OK")
                .as("and only up to its share").containsAnyOf("DENY:RATE_LIMIT_EXCEEDED", "DENY:SPEND_BUDGET_EXCEEDED");
        assertThat(rate).isPositive().isLessThanOrEqualTo(new BigDecimal("30"));
    }

    /** What one proposal came to: its outcome and, for an ALLOW, the budget draws its decision names. */
    private record Answer(String outcome, List<BudgetDraw> charges) {
    }

    /** {@code perRegion} proposals per region, all at once, spread over the region's nodes. */
    private static Map<String, List<Answer>> race(String agent, Map<String, List<TestNode>> regions, int perRegion)
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(12);
        Map<String, List<Future<Answer>>> calls = new HashMap<>();
        for (int i = 0; i < perRegion; i++) {
            for (Map.Entry<String, List<TestNode>> region : regions.entrySet()) {
                TestNode node = region.getValue().get(i % region.getValue().size());
                calls.computeIfAbsent(region.getKey(), r -> new ArrayList<>()).add(callers.submit(() -> answer(node, agent)));
            }
        }
        Map<String, List<Answer>> answers = new HashMap<>();
        for (Map.Entry<String, List<Future<Answer>>> region : calls.entrySet()) {
            for (Future<Answer> call : region.getValue()) {
                answers.computeIfAbsent(region.getKey(), r -> new ArrayList<>()).add(call.get(120, TimeUnit.SECONDS));
            }
        }
        callers.shutdown();
        return answers;
    }

    private static Answer answer(TestNode node, String agent) throws Exception {
        WritClient client = WritClient.builder(node.uri()).timeout(Duration.ofSeconds(30)).build();
        ActionProposal proposal = transfer(agent, "100");
        for (int attempt = 0; ; attempt++) {
            try {
                ProposalResponse response = client.propose(proposal);
                DecisionRecord decision = DecisionRecord.parseFrom(response.getDecisionRecord());
                String outcome = response.getDecision() + ":" + (response.getDecision() == Decision.ALLOW ? "OK"
                        : response.getReasons(0).getCode());
                return new Answer(outcome, response.getDecision() == Decision.ALLOW ? decision.getChargesList() : List.of());
            } catch (WritRefusedException refused) {
                if (!refused.code().equals("BUDGET_UNAVAILABLE") || attempt >= 5) {
                    return new Answer("REFUSED:" + refused.code(), List.of());
                }
                // not a verdict (D63): the same proposal again
            } catch (IOException transport) {
                return new Answer("NO_ANSWER", List.of());
            }
        }
    }

    /** The entity ids this node hosts of sharding type {@code type}: none when it hosts none (or only proxies it). */
    private static Set<String> hosted(TestNode node, String type) throws Exception {
        ActorRef region;
        try {
            region = ClusterSharding.get(Adapter.toClassic(node.node.system())).shardRegion(type);
        } catch (IllegalStateException | IllegalArgumentException notStartedHere) {
            return Set.of();
        }
        ShardRegion.CurrentShardRegionState state = (ShardRegion.CurrentShardRegionState) Patterns
                .ask(region, ShardRegion.getShardRegionStateInstance(), Duration.ofSeconds(10)).toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
        Set<String> ids = new HashSet<>();
        state.getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
        return ids;
    }

    private static TestNode node(String id, String region, int port, String seed) throws Exception {
        return TestNode.start(dir.resolve(id), Map.of(
                "writ.node.id", id,
                "writ.node.region", region,
                "writ.regions.budget-shares", Map.of("east", "0.6", "west", "0.4"),
                "writ.journal.url", SERVER + database,
                "writ.journal.user", "postgres",
                "pekko.remote.artery.canonical.port", port,
                "writ.cluster.seed-nodes", List.of(seed),
                "writ.cluster.mutual-tls", "optional",
                "writ.cluster.min-members", 3));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ActionProposal transfer(String agent, String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/" + agent)
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", amount).putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
