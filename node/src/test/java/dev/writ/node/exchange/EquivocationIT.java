package dev.writ.node.exchange;

import com.google.protobuf.ByteString;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.DomainResolutionRequest;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.EpochBeacon;
import dev.writ.protocol.wire.EquivocationProof;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.reconciliation.ContinuityCode;
import dev.writ.reconciliation.Verdict;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.writ.node.exchange.PartnerExchangeNode.await;
import static dev.writ.node.exchange.PartnerExchangeNode.proposal;

/**
 * A partner domain that equivocates, on a real anvil with the real AgentRegistry: globex's key is
 * registered on chain; a node of acme that depends on globex (it owns payments-api here) admits
 * while globex's chain is whole and fresh, refuses EQUIVOCATION once globex signs two envelopes
 * with one number (kept as evidence, shown in health), ignores envelopes of unregistered keys, refuses
 * a resolution that names other envelopes than the ones in conflict, and after an operator's
 * resolution of that equivocation takes globex's envelopes again from the start.
 */
class EquivocationIT {
    @TempDir
    static Path dir;
    static PartnerExchangeNode acme;
    static TestNode node;
    static WritClient client;
    static final SigningKey GLOBEX = SigningKey.generate();
    /** A domain with keys on chain that acme does not exchange proof with. */
    static final SigningKey INITECH = SigningKey.generate();

    @BeforeAll
    static void start() throws Exception {
        acme = PartnerExchangeNode.start(dir, Map.of("globex", GLOBEX, "initech", INITECH));
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
    void anEquivocatingPartnerIsRefusedKeptAsEvidenceAndTakenAgainAfterAResolution() throws Exception {
        ActorRef<ExchangeEndpoint.Command> endpoint = endpoint();
        OpenedEnvelope first = beacon(GLOBEX, 0, Hashes.zeroHash(), 1);
        endpoint.tell(new ExchangeEndpoint.Deliver(first.envelope().toByteArray()));
        await("globex's continuity is proven", () -> verdict() instanceof Verdict.Accept);
        assertThat(client.propose(proposal()).getDecision()).isEqualTo(Decision.ALLOW);

        // An envelope signed by a key globex never registered changes nothing.
        endpoint.tell(new ExchangeEndpoint.Deliver(beacon(SigningKey.generate(), 0, Hashes.zeroHash(), 2).envelope().toByteArray()));
        Thread.sleep(300);
        assertThat(verdict()).isInstanceOf(Verdict.Accept.class);

        // globex signs a second envelope with number 0.
        OpenedEnvelope second = beacon(GLOBEX, 0, Hashes.zeroHash(), 3);
        endpoint.tell(new ExchangeEndpoint.Deliver(second.envelope().toByteArray()));
        await("the equivocation is found", () -> verdict() instanceof Verdict.Refuse r && r.code() == ContinuityCode.EQUIVOCATION);
        assertThatThrownBy(() -> client.propose(proposal()))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("EQUIVOCATION"));
        assertThat(client.health().getDomainsList()).anySatisfy(d -> {
            assertThat(d.getDomain()).isEqualTo("globex");
            assertThat(d.getVerdict()).isEqualTo("EQUIVOCATION");
        });
        await("both envelopes are kept as evidence", () -> node.node.store().story("acme", "exchange:globex")
                .stream().anyMatch(r -> r.kind() == EvidenceKind.EQUIVOCATION));
        List<ByteString> conflicting = java.util.stream.Stream.of(first, second).map(e -> ByteString.copyFrom(e.hash()))
                .sorted(ByteString.unsignedLexicographicalComparator()).toList();
        assertThat(client.health().getDomainsList()).filteredOn(d -> d.getDomain().equals("globex"))
                .singleElement().satisfies(d -> assertThat(d.getConflictingEnvelopesList()).isEqualTo(conflicting));
        assertThat(node.node.store().story("acme", "exchange:globex")).filteredOn(r -> r.kind() == EvidenceKind.EQUIVOCATION)
                .singleElement().satisfies(r -> assertThat(EquivocationProof.parseFrom(r.payload())
                        .getConflictingEnvelopesList()).isEqualTo(conflicting));

        assertThat(resolve("initech", conflicting).statusCode()).isEqualTo(409);
        HttpResponse<String> earlier = resolve("globex", List.of(conflicting.get(0),
                ByteString.copyFrom(Hashes.sha256(new byte[] {1}))));
        assertThat(earlier.statusCode()).as(earlier.body()).isEqualTo(409);
        assertThat(earlier.body()).contains("RESOLUTION_MISMATCH");
        assertThat(verdict()).isInstanceOfSatisfying(Verdict.Refuse.class,
                r -> assertThat(r.code()).isEqualTo(ContinuityCode.EQUIVOCATION));
        // A member that sends the endpoint a Forget itself (no operator, no RESOLUTION record) changes nothing.
        endpoint.tell(new ExchangeEndpoint.Forget("globex", conflicting.stream()
                .map(h -> java.util.HexFormat.of().formatHex(h.toByteArray())).toList(), node.node.system().ignoreRef()));
        Thread.sleep(1_000);
        assertThat(verdict()).as("a Forget without a recorded resolution").isInstanceOfSatisfying(Verdict.Refuse.class,
                r -> assertThat(r.code()).isEqualTo(ContinuityCode.EQUIVOCATION));
        HttpResponse<String> resolved = resolve("globex", conflicting);
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        var answer = dev.writ.protocol.wire.DomainResolutionResponse.newBuilder();
        com.google.protobuf.util.JsonFormat.parser().merge(resolved.body(), answer);
        assertThat(answer.getNodesAcknowledged()).isEqualTo(1);
        assertThat(answer.getNodesTotal()).isEqualTo(1);
        assertThat(node.node.store().story("acme", "exchange:globex"))
                .anyMatch(r -> r.kind() == EvidenceKind.RESOLUTION);
        assertThat(verdict()).isInstanceOfSatisfying(Verdict.Refuse.class,
                r -> assertThat(r.code()).isEqualTo(ContinuityCode.CONTINUITY_GAP));

        OpenedEnvelope again = beacon(GLOBEX, 0, Hashes.zeroHash(), 4);
        endpoint.tell(new ExchangeEndpoint.Deliver(again.envelope().toByteArray()));
        endpoint.tell(new ExchangeEndpoint.Deliver(beacon(GLOBEX, 1, again.hash(), 5).envelope().toByteArray()));
        await("globex's new lineage is taken", () -> verdict() instanceof Verdict.Accept);
        assertThat(client.propose(proposal()).getDecision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void aDomainThatIsNotAPartnerIsRefusedEvenWithKeysOnChain() throws Exception {
        ActorRef<ExchangeEndpoint.Command> endpoint = endpoint();
        long now = System.currentTimeMillis();
        OpenedEnvelope initech = Envelopes.seal(INITECH, EnvelopeType.BEACON, "initech", 0, Hashes.zeroHash(),
                EpochBeacon.newBuilder().setDomain("initech").setIssuedAtMillis(now).setNodeId("initech-1").build()
                        .toByteArray(), now);
        for (int i = 0; i < 3; i++) {
            endpoint.tell(new ExchangeEndpoint.Deliver(initech.envelope().toByteArray()));
        }
        // Nothing positive to wait for: a refused envelope leaves no trace. Watch for two seconds
        // (before the partner list, the domain's view appeared here within a few hundred ms).
        java.time.Instant until = java.time.Instant.now().plusSeconds(2);
        while (java.time.Instant.now().isBefore(until)) {
            assertThat(client.health().getDomainsList()).noneSatisfy(d -> assertThat(d.getDomain()).isEqualTo("initech"));
            Thread.sleep(100);
        }
        assertThat(node.node.partners().verdict("initech", 0)).isInstanceOf(Verdict.Refuse.class);
    }

    private static Verdict verdict() {
        return node.node.partners().verdict("globex", 0);
    }

    private static OpenedEnvelope beacon(SigningKey key, long seq, byte[] prev, int nonce) {
        long now = System.currentTimeMillis();
        return Envelopes.seal(key, EnvelopeType.BEACON, "globex", seq, prev, EpochBeacon.newBuilder().setDomain("globex")
                .setIssuedAtMillis(now).setNodeId("globex-" + nonce).build().toByteArray(), now);
    }

    private static ActorRef<ExchangeEndpoint.Command> endpoint() throws Exception {
        var system = node.node.system();
        Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
                reply -> Receptionist.find(ExchangeEndpoint.of("acme"), reply), Duration.ofSeconds(5), system.scheduler())
                .toCompletableFuture().get();
        return listing.getServiceInstances(ExchangeEndpoint.of("acme")).iterator().next();
    }

    private static HttpResponse<String> resolve(String domain, List<ByteString> conflicting) throws Exception {
        String body = com.google.protobuf.util.JsonFormat.printer().print(DomainResolutionRequest.newBuilder()
                .setDomain(domain).setReason("globex re-keyed after a publisher bug").setIssuer("ops")
                .addAllConflictingEnvelopes(conflicting).build());
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.uri().resolve("/v1/domains/resolutions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
