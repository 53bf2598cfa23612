package dev.writ.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.writ.node.exchange.PartnerExchangeNode.await;
import static dev.writ.node.exchange.PartnerExchangeNode.proposal;

import com.google.protobuf.ByteString;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.DomainContinuity;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.EpochBeacon;
import dev.writ.protocol.wire.LineageCheckpoint;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.reconciliation.RevocationChain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that needs a range its partner pruned, on a real anvil with the real AgentRegistry: acme's
 * node hears globex's live beacon 30 and asks globex's endpoint (played here) for 0..30. Answered
 * RANGE_PRUNED with a checkpoint signed by a key globex never registered, it takes nothing and
 * refuses what depends on globex (CONTINUITY_GAP); answered with globex's real checkpoint 20, what
 * follows it and globex's revocation entry from before it, it starts globex's lineage there and
 * proves globex's continuity (ACCEPT), holding the revocation and nothing below the checkpoint.
 */
class PrunedRangeIT {
    @TempDir
    static Path dir;
    static PartnerExchangeNode acme;
    static TestNode node;
    static WritClient client;
    static final SigningKey GLOBEX = SigningKey.generate();

    @BeforeAll
    static void start() throws Exception {
        acme = PartnerExchangeNode.start(dir, Map.of("globex", GLOBEX));
        node = acme.node();
        client = acme.client();
    }

    @AfterAll
    static void stop() throws Exception {
        if (acme != null) {
            acme.close();
        }
    }

    @Test
    void aPrunedRangeIsTakenFromAVerifiedCheckpointOnlyAndContinuityIsRefusedUntilThen() throws Exception {
        // globex's lineage: a revocation at 5, checkpoint 20 (its first), beacons around them, live beacon 30.
        List<OpenedEnvelope> globex = new ArrayList<>();
        RevocationChain revocations = new RevocationChain();
        byte[] prev = Hashes.zeroHash();
        for (int seq = 0; seq <= 30; seq++) {
            OpenedEnvelope e;
            long now = System.currentTimeMillis();
            if (seq == 5) {
                RevocationEntry entry = RevocationEntry.newBuilder().setDomain("globex").setEpoch(1)
                        .setKind(RevocationEntry.Kind.WRIT).setSubject("w-revoked").setRevokedAtMillis(now).build();
                revocations.append(entry);
                e = Envelopes.seal(GLOBEX, EnvelopeType.REVOCATION_ENTRY, "globex", seq, prev, entry.toByteArray(), now);
            } else if (seq == 20) {
                e = Envelopes.seal(GLOBEX, EnvelopeType.CHECKPOINT, "globex", seq, prev, LineageCheckpoint.newBuilder()
                        .setDomain("globex").setSeq(seq).setFirst(true).setRevocationEpoch(1)
                        .setRevocationChain(ByteString.copyFrom(revocations.value())).build().toByteArray(), now);
            } else {
                e = Envelopes.seal(GLOBEX, EnvelopeType.BEACON, "globex", seq, prev, EpochBeacon.newBuilder().setDomain("globex")
                        .setRevocationEpoch(seq < 5 ? 0 : 1).setIssuedAtMillis(now).setNodeId("globex-1").build().toByteArray(), now);
            }
            globex.add(e);
            prev = e.hash();
        }
        OpenedEnvelope checkpoint = globex.get(20);
        OpenedEnvelope forged = Envelopes.seal(SigningKey.generate(), EnvelopeType.CHECKPOINT, "globex", 20,
                globex.get(19).hash(), checkpoint.payload(), System.currentTimeMillis());
        List<byte[]> after = new ArrayList<>();
        after.add(globex.get(5).envelope().toByteArray());
        globex.subList(21, 31).forEach(e -> after.add(e.envelope().toByteArray()));

        // globex's endpoint, played here: it pruned below 20, and answers with the checkpoint it is handed.
        AtomicReference<OpenedEnvelope> answering = new AtomicReference<>(forged);
        AtomicInteger asked = new AtomicInteger();
        var system = node.node.system();
        var fake = system.systemActorOf(Behaviors.receive(ExchangeEndpoint.Command.class)
                .onMessage(ExchangeEndpoint.RepairRequest.class, r -> {
                    asked.incrementAndGet();
                    r.replyTo().tell(new ExchangeEndpoint.RepairAnswer("globex", after, 20,
                            answering.get().envelope().toByteArray()));
                    return Behaviors.same();
                }).build(), "globex-endpoint-" + UUID.randomUUID(), Props.empty());
        system.receptionist().tell(Receptionist.register(ExchangeEndpoint.of("globex"), fake));

        Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
                reply -> Receptionist.find(ExchangeEndpoint.of("acme"), reply), Duration.ofSeconds(5), system.scheduler())
                .toCompletableFuture().get();
        var endpoint = listing.getServiceInstances(ExchangeEndpoint.of("acme")).iterator().next();
        endpoint.tell(new ExchangeEndpoint.Deliver(globex.get(30).envelope().toByteArray()));
        await("the node asks globex for the range it lacks", () -> asked.get() >= 2);
        assertThat(continuity().getVerdict()).as("a forged checkpoint starts nothing").isEqualTo("CONTINUITY_GAP");
        assertThat(continuity().getCheckpointSeq()).isEqualTo(-1);
        assertThatThrownBy(() -> client.propose(proposal()))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("CONTINUITY_GAP"));

        answering.set(checkpoint);
        await("globex's lineage starts at its checkpoint", () -> continuity().getVerdict().equals("ACCEPT"));
        DomainContinuity c = continuity();
        assertThat(c.getCheckpointSeq()).isEqualTo(20);
        assertThat(c.getHead()).isEqualTo(30);
        assertThat(c.getRevocationEpoch()).as("the revocation from below the checkpoint").isEqualTo(1);
        assertThat(c.getHeldEnvelopes()).as("20..30, nothing below").isEqualTo(11);
        assertThat(client.propose(proposal()).getDecision()).isEqualTo(Decision.ALLOW);
    }

    private static DomainContinuity continuity() {
        try {
            return client.health().getDomainsList().stream().filter(d -> d.getDomain().equals("globex")).findFirst()
                    .orElse(DomainContinuity.newBuilder().setVerdict("NONE").setCheckpointSeq(-1).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
