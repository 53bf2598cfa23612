package dev.writ.node.budget;

import dev.writ.node.TestNode;
import dev.writ.policy.BudgetCharge;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.BudgetDraw;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.Reason;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets in escrow on a real node and the real PostgreSQL, under the built-in policy (payments:
 * 50 admissions a minute, 5,000 EUR an hour): admissions racing for one agent's budgets never
 * admit more than either limit, every ALLOW's DECISION record names the slices it was charged to,
 * and a budget's owner recovers its grants from the snapshot store and journal after a restart.
 */
class BudgetEscrowPostgresIT {
    private static final String SERVER = System.getProperty("writ.it.postgres", "jdbc:postgresql://127.0.0.1:5432/");

    @TempDir
    static Path dir;
    static String database;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        database = "writ_escrow_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        node = startNode();
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void racingAdmissionsNeverSpendMoreThanTheBudgetAndEachDecisionNamesItsSlices() throws Exception {
        String agent = "payments-escrow-" + UUID.randomUUID().toString().substring(0, 8);
        WritClient client = WritClient.builder(node.uri()).timeout(Duration.ofSeconds(30)).build();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<ProposalResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            answers.add(callers.submit(() -> client.propose(transfer(agent, "100"))));
        }
        Map<String, BigDecimal> charged = new HashMap<>();
        int allowed = 0;
        for (Future<ProposalResponse> answer : answers) {
            ProposalResponse response = answer.get(60, TimeUnit.SECONDS);
            DecisionRecord decision = DecisionRecord.parseFrom(response.getDecisionRecord());
            if (response.getDecision() == Decision.ALLOW) {
                allowed++;
                assertThat(decision.getChargesList()).extracting(BudgetDraw::getKind).containsExactlyInAnyOrder("RATE", "SPEND");
                for (BudgetDraw draw : decision.getChargesList()) {
                    assertThat(draw.getGrantIdsList()).as("the slices it was taken from").isNotEmpty()
                            .allSatisfy(grant -> assertThat(grant).startsWith(draw.getBudgetId() + "#g"));
                    charged.merge(draw.getBudgetId(), new BigDecimal(draw.getAmount()), BigDecimal::add);
                }
            } else {
                assertThat(response.getDecision()).isEqualTo(Decision.DENY);
                assertThat(decision.getChargesList()).as("a refusal charges nothing").isEmpty();
                assertThat(response.getReasonsList()).extracting(Reason::getCode)
                        .containsAnyOf("RATE_LIMIT_EXCEEDED", "SPEND_BUDGET_EXCEEDED");
            }
        }
        callers.shutdown();
        assertThat(allowed).as("admissions within the budget").isPositive();
        charged.forEach((budget, total) -> assertThat(total).as(budget)
                .isLessThanOrEqualTo(budget.contains("#RATE#") ? new BigDecimal("50") : new BigDecimal("5000")));
        for (String budget : charged.keySet()) {
            assertThat(usage(budget).granted()).as("the owner granted what was charged, and no more than the limit")
                    .isGreaterThanOrEqualTo(charged.get(budget))
                    .isLessThanOrEqualTo(budget.contains("#RATE#") ? new BigDecimal("50") : new BigDecimal("5000"));
        }
    }

    @Test
    void anOwnerRecoversItsGrantsFromTheSnapshotAndJournalAfterARestart() throws Exception {
        BudgetCharge charge = new BudgetCharge(BudgetCharge.key("spiffe://acme/agent/payments-restart", "payments",
                BudgetCharge.Kind.RATE), BudgetCharge.Kind.RATE, BudgetCharge.periodStart(Instant.now(), Duration.ofHours(1)),
                Duration.ofHours(1).toMillis(), new BigDecimal("1000"), BigDecimal.ONE);
        int slices = BudgetEntity.SNAPSHOT_EVERY + 30;
        for (int i = 0; i < slices; i++) {
            BudgetEntity.Answer answer = ClusterSharding.get(node.node.system()).entityRefFor(BudgetEntity.TYPE_KEY, charge.entityId())
                    .<BudgetEntity.Answer>ask(replyTo -> BudgetEntity.RequestSlice.sealedBy(node.node.seals(), charge,
                            BigDecimal.ONE, BigDecimal.ONE, "test-node", 3, replyTo), Duration.ofSeconds(10))
                    .toCompletableFuture().get();
            assertThat(answer).isInstanceOf(BudgetEntity.Slice.class);
        }
        assertThat(snapshots("Budget|" + charge.entityId())).as("snapshots in PostgreSQL").isPositive();

        node.close();
        node = startNode();

        assertThat(usage(charge.entityId())).isEqualTo(new BudgetEntity.Usage(charge.entityId(), BigDecimal.valueOf(slices), slices));
    }

    private static TestNode startNode() throws Exception {
        TestNode started = TestNode.start(dir.resolve("node"), Map.of(
                "writ.journal.url", SERVER + database,
                "writ.journal.user", "postgres"));
        WritClient client = WritClient.create(started.uri());
        Instant deadline = Instant.now().plusSeconds(60);
        while (!healthy(client)) {
            assertThat(Instant.now()).as("the node is HEALTHY within 60 s").isBefore(deadline);
            Thread.sleep(100);
        }
        return started;
    }

    private static boolean healthy(WritClient client) {
        try {
            return client.health().getStatus().equals("HEALTHY");
        } catch (Exception e) {
            return false;
        }
    }

    private static BudgetEntity.Usage usage(String budgetId) throws Exception {
        return ClusterSharding.get(node.node.system()).entityRefFor(BudgetEntity.TYPE_KEY, budgetId)
                .<BudgetEntity.Usage>ask(reply -> BudgetEntity.GetUsage.sealedBy(node.node.seals(), budgetId, reply),
                        Duration.ofSeconds(10))
                .toCompletableFuture().get();
    }

    private static int snapshots(String persistenceId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + database, "postgres", "");
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM snapshot WHERE persistence_id = ?")) {
            query.setString(1, persistenceId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
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
