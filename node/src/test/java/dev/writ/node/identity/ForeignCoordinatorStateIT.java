package dev.writ.node.identity;

import dev.writ.node.TestNode;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes in one cluster: acme-1 and acme-2 of domain acme (one PostgreSQL database) and
 * globex-1 of domain globex, each domain its own Pekko data center. globex's node writes, to the
 * sharding replicators of both acme nodes, a Budget coordinator state that homes every shard at a
 * stand-in region of its own ({@link ForgedCoordinatorState}); then acme-1, running acme's
 * coordinators, leaves and acme-2 takes them over. The coordinator acme-2 starts must not adopt the
 * planted homes: it never tells globex's stand-in to host a shard, and every proposal acme-2 takes is
 * decided by acme's own budget owners.
 */
class ForeignCoordinatorStateIT {
    private static final int SHARDS = 30;
    private static final int AGENTS = 12;

    @TempDir
    Path dir;
    private final List<TestNode> nodes = new ArrayList<>();
    private String database;

    @AfterEach
    void stop() throws Exception {
        // youngest first, so no node's shutdown waits on a hand-over to members that are leaving too
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        if (database != null) {
            ScratchDatabase.drop(database);
        }
    }

    @Test
    void aMemberOfAnotherDomainCannotPlantShardHomesInThisDomainsCoordinatorState() throws Exception {
        database = ScratchDatabase.create("writ_coord_");
        TestNode acme1 = start("acme-1", "acme", List.of(), true);
        String seed = acme1.node.system().address().toString();
        TestNode acme2 = start("acme-2", "acme", List.of(seed), true);
        TestNode globex = start("globex-1", "globex", List.of(seed), false);
        SharedClusterPair.await("three members Up", () -> upMembers(globex) == 3);

        // globex's node runs a stand-in region and plants it as the home of every Budget shard in
        // the coordinator state both acme nodes hold, for a while, so the write has landed.
        ActorSystem attacker = Adapter.toClassic(globex.node.system());
        ForeignShardRegion.Seen seen = new ForeignShardRegion.Seen();
        ActorRef standIn = ((ExtendedActorSystem) attacker).systemActorOf(ForeignShardRegion.props(
                acme2.node.system().address(), BudgetEntity.TYPE_KEY.name(), seen), "stand-in-budget-region");
        for (int round = 0; round < 10; round++) {
            for (TestNode acme : List.of(acme1, acme2)) {
                ForgedCoordinatorState.send(attacker, Cluster.get(acme.node.system()).selfMember().uniqueAddress(),
                        BudgetEntity.TYPE_KEY.name(), SHARDS, standIn);
            }
            Thread.sleep(200);
        }

        // acme's coordinators move: acme-1 (the oldest) leaves, acme-2 starts them
        nodes.remove(acme1);
        acme1.close();
        SharedClusterPair.await("acme-1 gone", () -> upMembers(globex) == 2);

        // acme's agents propose at acme-2: new budget entities, so shard homes asked of the new coordinator.
        // Longer than acme's budget grant timeout (30 s): a slice request lost at a foreign host is answered
        // BUDGET_UNAVAILABLE then, so every proposal gets acme's answer.
        WritClient client = WritClient.builder(acme2.uri()).timeout(Duration.ofSeconds(45)).build();
        ExecutorService agents = Executors.newFixedThreadPool(6);
        List<CompletableFuture<Decision>> decided = new ArrayList<>();
        try {
            for (int i = 0; i < AGENTS; i++) {
                ActionProposal proposal = transfer("spiffe://acme/agent/payments-" + i);
                decided.add(CompletableFuture.supplyAsync(() -> decision(client, proposal), agents));
            }
            CompletableFuture.allOf(decided.toArray(CompletableFuture[]::new)).join();
        } finally {
            agents.shutdownNow();
        }

        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(seen.hostedShards).as("acme's Budget shards the new coordinator told globex's stand-in to host")
                    .isEmpty();
            soft.assertThat(seen.swallowed.get()).as("acme's budget commands that reached globex's node").isZero();
            soft.assertThat(decided.stream().map(CompletableFuture::join).toList())
                    .as("acme's decisions within budget (null: unanswered), by its own budget owners")
                    .containsOnly(Decision.ALLOW);
        });
    }

    private TestNode start(String id, String domain, List<String> seeds, boolean sharedDatabase) throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                "writ.node.id", id,
                "writ.node.domain", domain,
                "writ.cluster.mutual-tls", "optional",
                "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on"));
        if (!seeds.isEmpty()) {
            config.put("writ.cluster.seed-nodes", seeds);
        }
        if (sharedDatabase) {
            config.put("writ.journal.url", ScratchDatabase.url(database));
            config.put("writ.journal.user", "postgres");
        }
        TestNode node = TestNode.start(dir.resolve(id), config);
        nodes.add(node);
        node.awaitServing();
        return node;
    }

    private static long upMembers(TestNode node) {
        List<Member> members = new ArrayList<>();
        Cluster.get(node.node.system()).state().getMembers().forEach(members::add);
        return members.stream().filter(m -> m.status().equals(MemberStatus.up())).count();
    }

    /** The decision acme answered; null when it refused the proposal or did not answer. */
    private static Decision decision(WritClient client, ActionProposal proposal) {
        try {
            return client.propose(proposal).getDecision();
        } catch (Exception unanswered) {
            return null;
        }
    }

    private static ActionProposal transfer(String agent) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId(agent)
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", "100").putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }
}
