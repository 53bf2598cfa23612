package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.BudgetDraw;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.DecisionRecord.Decision;
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
 * Budgets are never overspent (issue 15, item 5), across processes: three node JVMs sharing one
 * PostgreSQL database race many admissions of one agent against its budgets (the sample policy's
 * payments rule: 50 admissions a minute, 5,000 EUR an hour), and one node is killed (SIGKILL)
 * midway, its unspent slices lost with it. Every admission that was decided, including those whose
 * answer the kill swallowed, has a DECISION record naming what it charged; summed per budget and
 * period they stay within the limit.
 */
class BudgetEscrowFailoverIT {
    private static final Map<String, BigDecimal> LIMITS = Map.of("RATE", new BigDecimal("50"), "SPEND", new BigDecimal("5000"));
    private static LocalFabric fabric;

    @BeforeAll
    static void launch() {
        Path work = Path.of("target", "it-budget-escrow-" + UUID.randomUUID()).toAbsolutePath();
        fabric = LocalFabric.launch(Topology.singleDomain("acme", 3),
                FabricOptions.builder(work).database(DatabaseChoice.localPostgres())
                        // three JVMs on a shared 2-core machine may take longer than the default 90 s to start
                        .startTimeout(Duration.ofMinutes(4))
                        .config("writ.ask-timeout", "1s")
                        .config("writ.budgets.refill-timeout", "1s").build());
    }

    @AfterAll
    static void close() {
        if (fabric != null) {
            fabric.close();
        }
    }

    @Test
    void manyAdmissionsRacingAcrossThreeNodesOneKilledMidwayNeverSpendMoreThanTheLimit() throws Exception {
        String agent = "payments-escrow-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> nodes = fabric.nodeIds();
        List<WritClient> clients = nodes.stream().map(BudgetEscrowFailoverIT::client).toList();
        String victim = nodes.get(2);
        for (WritClient client : clients) {
            // each node's first admission may meet a young cluster (BUDGET_UNAVAILABLE); it counts like the rest
            assertThat(Admit.admit(client, () -> fabric.identity("acme").sign(transfer(agent, "100"))).getDecision())
                    .isEqualTo(Decision.ALLOW);
        }

        int proposals = 150;
        ExecutorService callers = Executors.newFixedThreadPool(9);
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < proposals; i++) {
            WritClient client = clients.get(i % 3);
            calls.add(callers.submit(() -> answers.computeIfAbsent(answer(client, agent), a -> new AtomicInteger())
                    .incrementAndGet()));
            if (i == proposals / 3) {
                calls.get(i).get(60, TimeUnit.SECONDS);
                fabric.kill(victim);
            }
        }
        for (Future<?> call : calls) {
            call.get(120, TimeUnit.SECONDS);
        }
        callers.shutdown();
        System.out.println("answers: " + answers);

        Map<String, BigDecimal> charged = chargedPerBudget(agent);
        System.out.println("charged per budget and period: " + charged);
        assertThat(charged).as("decisions charged both budgets").isNotEmpty();
        charged.forEach((budget, total) -> assertThat(total).as(budget)
                .isLessThanOrEqualTo(LIMITS.get(budget.contains("#RATE#") ? "RATE" : "SPEND")));
        assertThat(answers.keySet()).as("the budget ran out, and said so")
                .containsAnyOf("DENY:RATE_LIMIT_EXCEEDED", "DENY:SPEND_BUDGET_EXCEEDED");
    }

    /** Every decision recorded for the agent, by any node: the charges summed per budget and period. */
    private static Map<String, BigDecimal> chargedPerBudget(String agent) throws Exception {
        NodeConfig.Journal journal = fabric.journal("acme");
        Map<String, BigDecimal> charged = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(journal.url(), journal.user(), journal.password());
             PreparedStatement query = connection.prepareStatement("SELECT payload FROM writ_evidence WHERE kind = ?")) {
            query.setInt(1, EvidenceKind.DECISION_VALUE);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    DecisionRecord decision = DecisionRecord.parseFrom(rows.getBytes(1));
                    if (decision.getAgentId().equals("spiffe://acme/agent/" + agent)) {
                        for (BudgetDraw draw : decision.getChargesList()) {
                            charged.merge(draw.getBudgetId(), new BigDecimal(draw.getAmount()), BigDecimal::add);
                        }
                    }
                }
            }
        }
        return charged;
    }

    /** The decision and its first reason, a refusal's code, or that the node died under the call. */
    private static String answer(WritClient client, String agent) {
        try {
            ProposalResponse response = client.propose(fabric.identity("acme").sign(transfer(agent, "100")));
            return response.getDecision() + ":" + response.getReasons(0).getCode();
        } catch (WritRefusedException r) {
            return "REFUSED:" + r.code();
        } catch (IOException transport) {
            return "NO_ANSWER";
        }
    }

    private static WritClient client(String node) {
        return WritClient.builder(fabric.httpUri(node)).timeout(Duration.ofSeconds(15)).build();
    }

    private static ActionProposal transfer(String agent, String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("it-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/" + agent)
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", amount).putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }
}
