package dev.writ.fabric;

import static dev.writ.fabric.Transfers.action;
import static dev.writ.fabric.Transfers.redemption;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant 2 across processes: three node JVMs sharing one PostgreSQL database. A writ issued via
 * one node is redeemed via another; a second redemption via the third is REPLAYED; the node that
 * redeemed it is killed (SIGKILL) and a survivor refuses the replay at once, from the writ's claim,
 * while the writs the killed node issued and nobody redeemed are redeemable on a survivor at once,
 * and once only. Single use lives in the database, so there is no owner to fail over from.
 */
class SingleUseFailoverIT {
    private static LocalFabric fabric;

    @BeforeAll
    static void launch() {
        Path work = Path.of("target", "it-failover-" + UUID.randomUUID()).toAbsolutePath();
        fabric = LocalFabric.launch(Topology.singleDomain("acme", 3),
                FabricOptions.builder(work).database(DatabaseChoice.localPostgres())
                        // a short ask timeout: nothing on the redemption path may wait for the dead node
                        .config("writ.ask-timeout", "1s")
                        // three JVMs starting on shared, loaded cores; nothing about start is measured here
                        .startTimeout(Duration.ofSeconds(240)).build());
    }

    @AfterAll
    static void close() {
        if (fabric != null) {
            fabric.close();
        }
    }

    @Test
    void aWritRedeemedViaOneNodeIsReplayedViaAnotherAndStaysReplayedAtOnceAfterThatNodeIsKilled() throws Exception {
        List<String> nodes = fabric.nodeIds();
        WritClient first = client(nodes.get(0));
        WritClient second = client(nodes.get(1));
        WritClient third = client(nodes.get(2));

        ProposalResponse redeemed = admit(first, "120");
        assertThat(redeemed.getDecision()).isEqualTo(Decision.ALLOW);
        RedemptionResponse receipt = second.redeem(redemption(redeemed, "120", agent(), second));
        assertThat(receipt.getJti()).isEqualTo(redeemed.getJti());
        assertThatThrownBy(() -> third.redeem(redemption(redeemed, "120", agent(), third)))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> {
                    assertThat(r.code()).isEqualTo("REPLAYED");
                    assertThat(r.getMessage()).contains(nodes.get(1));
                });
        String victim = nodes.get(1);
        assertThat(first.writStatus(redeemed.getJti()).getOwnerNode()).as("the claim names the redeeming node")
                .isEqualTo(victim);
        // Writs the victim issued (and recorded), never redeemed.
        WritClient doomed = client(victim);
        List<ProposalResponse> orphans = List.of(admit(doomed, "10"), admit(doomed, "11"));

        fabric.kill(victim);
        Instant killed = Instant.now();
        WritClient survivor = client(nodes.get(0));

        // No failover wait: the first attempt after the kill answers, and single use holds.
        assertThatThrownBy(() -> survivor.redeem(redemption(redeemed, "120", agent(), survivor)))
                .as("single use survives the redeeming node's death")
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("REPLAYED"));
        Duration replayRefusedAfter = Duration.between(killed, Instant.now());

        assertThat(survivor.redeem(redemption(orphans.get(0), "10", agent(), survivor)).getJti()).isEqualTo(orphans.get(0).getJti());
        Duration redeemableAfter = Duration.between(killed, Instant.now());
        assertThatThrownBy(() -> client(nodes.get(2)).redeem(redemption(orphans.get(0), "10", agent(), client(nodes.get(2)))))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("REPLAYED"));
        assertThat(client(nodes.get(2)).redeem(redemption(orphans.get(1), "11", agent(), client(nodes.get(2)))).getJti())
                .isEqualTo(orphans.get(1).getJti());
        assertThat(survivor.writStatus(orphans.get(1).getJti()).getOwnerNode()).isEqualTo(nodes.get(2));

        // A measurement, not an assertion: how long the first answers after the kill took on this machine.
        Files.writeString(Path.of("target", "failover.txt"), "redeeming node killed: " + victim
                + "\nreplay refused after: " + replayRefusedAfter.toMillis() + " ms\nits unredeemed writ redeemed after: "
                + redeemableAfter.toMillis() + " ms\n", StandardCharsets.UTF_8);
    }

    private static ProposalResponse admit(WritClient client, String amount) throws Exception {
        return Admit.admit(client, () -> fabric.identity("acme").sign(transfer("payments-it", amount)));
    }

    private static WritClient client(String node) {
        // the PEP redeems; the operator reads the writ's claim (an operator read)
        return WritClient.builder(fabric.httpUri(node)).timeout(Duration.ofSeconds(15))
                .pepCredential(fabric.identity("acme").pep("pep-it"))
                .operatorCredential(fabric.identity("acme").operator()).build();
    }

    private static ActionProposal transfer(String agent, String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("it-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/" + agent)
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
