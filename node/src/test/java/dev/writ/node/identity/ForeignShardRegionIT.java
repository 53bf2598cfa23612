package dev.writ.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.TestNode;
import dev.writ.node.admission.ApprovalEntity;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes of two domains in one cluster, each its own Pekko data center: globex's node runs a
 * stand-in shard region ({@link ForeignShardRegion}) and asks, by path, acme's Budget and Approval
 * coordinators to register it (Pekko's acknowledge any Up member's region). acme's coordinators must
 * never register it nor allot it a shard: every proposal acme's agents send is decided (budgets
 * granted, escalations parked by acme's own owners), and acme's node counts the member it refused.
 */
class ForeignShardRegionIT {
    private static final int AGENTS = 20;
    private static final int ESCALATIONS = 4;

    @TempDir
    Path dir;
    private SharedClusterPair pair;

    @AfterEach
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aMemberOfAnotherDomainIsNeverAllottedThisDomainsShards() throws Exception {
        pair = SharedClusterPair.start(dir);
        TestNode acme = pair.acme;
        ActorSystem<Void> attacker = pair.attacker();

        // globex's node registers a stand-in region with acme's coordinators, by their paths.
        ForeignShardRegion.Seen budgets = new ForeignShardRegion.Seen();
        ForeignShardRegion.Seen approvals = new ForeignShardRegion.Seen();
        ((ExtendedActorSystem) Adapter.toClassic(attacker)).systemActorOf(ForeignShardRegion.props(acme.node.system().address(),
                BudgetEntity.TYPE_KEY.name(), budgets), "stand-in-budget-region");
        ((ExtendedActorSystem) Adapter.toClassic(attacker)).systemActorOf(ForeignShardRegion.props(acme.node.system().address(),
                ApprovalEntity.TYPE_KEY.name(), approvals), "stand-in-approval-region");
        // acme's coordinators refuse them (the refusal is counted once per member and type).
        SharedClusterPair.await("acme's node refused the stand-in regions", () -> metrics(acme)
                .contains("writ_foreign_shard_regions_total{entity=\"Budget\"} 1.0")
                && metrics(acme).contains("writ_foreign_shard_regions_total{entity=\"Approval\"} 1.0"));

        // acme's agents propose: each agent's budgets are new entities, so new shards to allocate;
        // the escalations park in new approval entities.
        // Longer than acme's budget grant timeout (30 s): a slice request lost at a foreign host is answered
        // BUDGET_UNAVAILABLE then, so every proposal gets acme's answer, whatever the machine's load.
        WritClient client = WritClient.builder(acme.uri()).timeout(Duration.ofSeconds(45)).build();
        ExecutorService agents = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Decision>> allowed = new ArrayList<>();
        List<CompletableFuture<Decision>> escalated = new ArrayList<>();
        try {
            for (int i = 0; i < AGENTS; i++) {
                String agent = "spiffe://acme/agent/payments-" + i;
                allowed.add(CompletableFuture.supplyAsync(() -> decided(client, transfer(agent, "100")), agents));
                if (i < ESCALATIONS) {
                    escalated.add(CompletableFuture.supplyAsync(() -> decided(client, transfer(agent, "700")), agents));
                }
            }
            CompletableFuture.allOf(allowed.toArray(CompletableFuture[]::new)).join();
            CompletableFuture.allOf(escalated.toArray(CompletableFuture[]::new)).join();
        } finally {
            agents.shutdownNow();
        }

        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(budgets.registered.get() + approvals.registered.get())
                    .as("registrations acme's coordinators acknowledged to globex's node").isZero();
            soft.assertThat(budgets.hostedShards).as("budget shards acme's coordinator allotted to globex's node").isEmpty();
            soft.assertThat(approvals.hostedShards).as("approval shards acme's coordinator allotted to globex's node")
                    .isEmpty();
            soft.assertThat(budgets.swallowed.get() + approvals.swallowed.get())
                    .as("acme's commands that reached globex's node").isZero();
            soft.assertThat(allowed.stream().map(CompletableFuture::join).toList())
                    .as("acme's decisions within budget (null: unanswered), by its own budget owners")
                    .containsOnly(Decision.ALLOW);
            soft.assertThat(escalated.stream().map(CompletableFuture::join).toList())
                    .as("acme's escalations (null: unanswered), parked in its own approval entities")
                    .containsOnly(Decision.ESCALATE);
        });
        // counted once per member and type, however often the stand-ins asked
        assertThat(metrics(acme)).contains("writ_foreign_shard_regions_total{entity=\"Budget\"} 1.0",
                "writ_foreign_shard_regions_total{entity=\"Approval\"} 1.0");
    }

    /** The decision acme answered; null when it refused the proposal or did not answer. */
    private static Decision decided(WritClient client, ActionProposal proposal) {
        try {
            return client.propose(proposal).getDecision();
        } catch (Exception unanswered) {
            return null;
        }
    }

    private static ActionProposal transfer(String agent, String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId(agent)
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", amount).putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    private static String metrics(TestNode node) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + node.node.httpPort() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
