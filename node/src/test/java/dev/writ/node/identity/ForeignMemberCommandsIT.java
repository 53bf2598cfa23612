package dev.writ.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.node.TestNode;
import dev.writ.node.admission.ApprovalEntity;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.keys.MemberSeals;
import dev.writ.node.revocation.RevocationView;
import dev.writ.policy.BudgetCharge;
import dev.writ.protocol.client.ApprovalSigner;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.RevocationResponse;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes of two domains in one cluster, each its own Pekko data center with its own
 * database: globex's node sends acme's budget owner and approval entities commands of its own,
 * through acme's shard regions by path, past every check of acme's HTTP API. They must
 * not take: acme's agent keeps its budget and acme's parked approval waits for acme's approver. Nor
 * does an actor it lists under acme's revocation-view key count among acme's nodes.
 */
class ForeignMemberCommandsIT {
    private static final String VICTIM = "spiffe://acme/agent/payments-victim";

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
    void aMemberOfAnotherDomainCannotTakeBudgetSlicesNorDecideAParkedApprovalNorCountAsANode() throws Exception {
        pair = SharedClusterPair.start(dir);
        TestNode acme = pair.acme;
        ActorSystem<Void> attacker = pair.attacker();
        WritClient client = WritClient.create(acme.uri());

        // An escalated proposal parks in acme's ApprovalEntity.
        ProposalResponse escalated = client.propose(transfer("700"));
        assertThat(escalated.getDecision()).isEqualTo(Decision.ESCALATE);

        // globex's node addresses acme's entities through acme's shard regions, by path (a region routes
        // what any member sends it; a sharding proxy of another data center is not registered).
        ActorRef<ShardingEnvelope<BudgetEntity.Command>> budgets = region(attacker, acme, BudgetEntity.TYPE_KEY.name());
        ActorRef<ShardingEnvelope<ApprovalEntity.Command>> approvals = region(attacker, acme, ApprovalEntity.TYPE_KEY.name());
        BudgetCharge charge = new BudgetCharge(BudgetCharge.key(VICTIM, "payments", BudgetCharge.Kind.SPEND),
                BudgetCharge.Kind.SPEND, BudgetCharge.periodStart(Instant.now(), Duration.ofHours(1)),
                Duration.ofHours(1).toMillis(), new BigDecimal("5000"), new BigDecimal("5000"));
        MemberSeals own = pair.globex.node.seals();
        for (java.util.function.Function<ActorRef<BudgetEntity.Answer>, BudgetEntity.Command> command : List.<
                java.util.function.Function<ActorRef<BudgetEntity.Answer>, BudgetEntity.Command>>of(
                reply -> ForeignCommands.requestSlice(own, charge, reply),
                reply -> ForeignCommands.unsealedRequestSlice(charge, reply))) {
            assertThatThrownBy(() -> AskPattern.<ShardingEnvelope<BudgetEntity.Command>, BudgetEntity.Answer>ask(budgets,
                    reply -> new ShardingEnvelope<>(charge.entityId(), command.apply(reply)), Duration.ofSeconds(5),
                    attacker.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS)).as("acme's budget owner grants globex's node nothing")
                    .hasRootCauseInstanceOf(TimeoutException.class);
        }
        String approvalId = escalated.getApprovalId();
        assertThatThrownBy(() -> AskPattern.<ShardingEnvelope<ApprovalEntity.Command>, ApprovalEntity.Answer>ask(approvals,
                        reply -> new ShardingEnvelope<>(approvalId, ForeignCommands.recordApproval(own, approvalId, reply)),
                        Duration.ofSeconds(5), attacker.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("acme's approval takes no decision from globex's node").hasRootCauseInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> AskPattern.<ShardingEnvelope<ApprovalEntity.Command>, ApprovalEntity.Answer>ask(approvals,
                        reply -> new ShardingEnvelope<>(approvalId, ForeignCommands.get(own, approvalId, reply)),
                        Duration.ofSeconds(5), attacker.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("nor shows it the parked proposal").hasRootCauseInstanceOf(TimeoutException.class);

        // acme's agent still has its budget, and acme's approver still decides the parked proposal.
        assertThat(client.propose(transfer("100")).getDecision()).isEqualTo(Decision.ALLOW);
        ProposalResponse approved = client.approve(escalated.getApprovalId(),
                new ApprovalSigner(TestNode.APPROVER, acme.approverKey, Clock.systemUTC()).approve(escalated));
        assertThat(approved.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(approved.getWrit()).isNotEmpty();
        ForeignCommands.assertRecorded(acme);

        // globex's node lists an actor of its own under acme's revocation-view key (where acme's views were
        // listed up to D116): acme's revocation still asks and counts acme's node only.
        ServiceKey<RevocationView.Command> views = ServiceKey.create(RevocationView.Command.class, "revocation-view-acme");
        ActorRef<RevocationView.Command> impostor = attacker.systemActorOf(Behaviors.<RevocationView.Command>ignore(),
                "impostor-revocation-view", Props.empty());
        attacker.receptionist().tell(Receptionist.register(views, impostor));
        SharedClusterPair.await("acme's receptionist lists globex's actor under acme's key",
                () -> listed(acme.node.system(), views) >= 1);
        RevocationResponse revoked = client.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                .setSubject("jti-foreign-listing").setReason("test").setIssuer("ops").build());
        assertThat(revoked.getNodesTotal()).as("globex's actor is not one of acme's nodes").isEqualTo(1);
        assertThat(revoked.getNodesAcknowledged()).isEqualTo(1);

        // globex's node removes everything listed under acme's key, in every member's receptionist (D116):
        // acme's node is still one of acme's nodes, asked and counted.
        ReceptionistRemoval.removeEverywhere(attacker, views);
        SharedClusterPair.await("acme's receptionist lists nothing under acme's key",
                () -> listed(acme.node.system(), views) == 0);
        RevocationResponse unlisted = client.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                .setSubject("jti-foreign-removal").setReason("test").setIssuer("ops").build());
        assertThat(unlisted.getNodesTotal()).as("acme's node, no longer listed, is still one of acme's nodes")
                .isEqualTo(1);
        assertThat(unlisted.getNodesAcknowledged()).isEqualTo(1);
    }

    /** How many refs {@code system}'s receptionist lists under {@code key} now. */
    private static int listed(ActorSystem<?> system, ServiceKey<?> key) {
        try {
            return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
                            reply -> Receptionist.find(key, reply), Duration.ofSeconds(5), system.scheduler())
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).getAllServiceInstances(key).size();
        } catch (Exception e) {
            return -1;
        }
    }

    /** acme's shard region of {@code type}, as globex's node resolves it by path. */
    private static <C> ActorRef<ShardingEnvelope<C>> region(ActorSystem<Void> from, TestNode at, String type)
            throws Exception {
        return Adapter.toTyped(Adapter.toClassic(from).actorSelection(at.node.system().address() + "/system/sharding/" + type)
                .resolveOne(Duration.ofSeconds(10)).toCompletableFuture().get());
    }

    private static ActionProposal transfer(String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId(VICTIM)
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", amount).putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }
}
