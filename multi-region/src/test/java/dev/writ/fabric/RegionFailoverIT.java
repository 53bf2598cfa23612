package dev.writ.fabric;

import static dev.writ.fabric.Transfers.action;
import static dev.writ.fabric.Transfers.redemption;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.fabric.region.ReplicatedDatabase;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A domain's database across two regions (docs/regions.md): a node works on a PostgreSQL primary
 * whose synchronous standby sits behind a delayed replication link. The primary's region is lost
 * (the server killed, the link cut) and the standby promoted; the node, configured once with both
 * servers, carries on against the new primary. Every action acknowledged before the loss is still
 * there (RPO 0), single use still holds for those writs, the writs issued but not yet redeemed are
 * redeemable once, and the time until the node serves again (RTO) is written down, not asserted.
 */
class RegionFailoverIT {
    private static final Duration LINK_DELAY = Duration.ofMillis(20);
    private static ReplicatedDatabase database;
    private static LocalFabric fabric;

    @BeforeAll
    static void launch() {
        Path work = Path.of("target", "it-region-" + UUID.randomUUID()).toAbsolutePath();
        database = ReplicatedDatabase.start(work.resolve("db"), LINK_DELAY);
        fabric = LocalFabric.launch(Topology.singleDomain("acme", 1),
                FabricOptions.builder(work.resolve("fabric"))
                        .database(new DatabaseChoice.Postgres(database.baseUrl(), "postgres", "", false))
                        .startTimeout(Duration.ofSeconds(240)).build());
    }

    @AfterAll
    static void close() {
        if (fabric != null) {
            fabric.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void noAcknowledgedActionIsLostWhenThePrimarysRegionIsLostAndTheStandbyPromoted() throws Exception {
        // the PEP redeems; the operator reads the writs' claims (an operator read)
        WritClient node = WritClient.builder(fabric.httpUri(fabric.nodeIds().get(0))).timeout(Duration.ofSeconds(15))
                .pepCredential(fabric.identity("acme").pep("pep-it"))
                .operatorCredential(fabric.identity("acme").operator()).build();
        List<ProposalResponse> redeemed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ProposalResponse issued = admit(node, Integer.toString(100 + i));
            node.redeem(redemption(issued, Integer.toString(100 + i), agent(), node));
            redeemed.add(issued);
        }
        List<ProposalResponse> unredeemed = List.of(admit(node, "70"), admit(node, "71"));

        Instant lost = Instant.now();
        database.losePrimary();
        Duration promotion = database.promoteStandby();
        ProposalResponse first = admitWhenServing(node, Instant.now().plus(Duration.ofSeconds(120)));
        node.redeem(redemption(first, "42", agent(), node));
        Duration recovery = Duration.between(lost, Instant.now());

        for (int i = 0; i < redeemed.size(); i++) {
            ProposalResponse issued = redeemed.get(i);
            String amount = Integer.toString(100 + i);
            assertThat(node.writStatus(issued.getJti()).getOwnerNode()).as("the redemption of %s survived", issued.getJti())
                    .isNotEmpty();
            assertThatThrownBy(() -> node.redeem(redemption(issued, amount, agent(), node)))
                    .as("single use of %s holds across the promotion", issued.getJti())
                    .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("REPLAYED"));
        }
        assertThat(node.redeem(redemption(unredeemed.get(0), "70", agent(), node)).getJti()).isEqualTo(unredeemed.get(0).getJti());
        assertThat(node.redeem(redemption(unredeemed.get(1), "71", agent(), node)).getJti()).isEqualTo(unredeemed.get(1).getJti());
        assertThatThrownBy(() -> node.redeem(redemption(unredeemed.get(0), "70", agent(), node)))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("REPLAYED"));

        Files.writeString(Path.of("target", "region-failover.txt"), "replication link delay (one way): "
                + LINK_DELAY.toMillis() + " ms\nactions acknowledged before the loss: " + (redeemed.size() + unredeemed.size())
                + ", lost: 0\nstandby promotion took: " + promotion.toMillis() + " ms\nfirst action admitted and redeemed after: "
                + recovery.toMillis() + " ms\n", StandardCharsets.UTF_8);
    }

    /** Proposes until the node admits again (it refuses while it has no database); the RTO's end. */
    private static ProposalResponse admitWhenServing(WritClient node, Instant deadline) throws Exception {
        while (true) {
            try {
                return admit(node, "42");
            } catch (WritRefusedException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static ProposalResponse admit(WritClient client, String amount) throws Exception {
        ProposalResponse issued = Admit.admit(client, () -> fabric.identity("acme").sign(transfer(amount)));
        assertThat(issued.getDecision()).isEqualTo(Decision.ALLOW);
        return issued;
    }

    private static ActionProposal transfer(String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("it-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/payments-it")
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    /** The agent whose proposals {@code fabric.identity("acme").sign} signs, which proves possession of their writs. */
    private static AgentCredential agent() {
        return fabric.identity("acme").agent("spiffe://acme/agent/payments-it");
    }
}
