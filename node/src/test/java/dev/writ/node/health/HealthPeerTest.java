package dev.writ.node.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.writ.node.health.HealthReport.Finding;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthPeerTest {
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        // every message goes through the node's CBOR binding, as it would between members
        testKit = ActorTestKit.create(ConfigFactory.parseString("""
                pekko.actor.serialize-messages = on
                pekko.actor.serialization-bindings { "dev.writ.node.persistence.CborSerializable" = jackson-cbor }
                """));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void answersTheHealthNowWithEveryReasonButNoCauseAndRegistersUnderItsDomainsKey() {
        HealthReport report = HealthReport.of(List.of(new Finding("journal", HealthStatus.HEALTHY, "the database answers"),
                new Finding("anchoring", HealthStatus.DEGRADED, "the chain does not answer", "connect to 10.0.0.5:8545 refused")),
                List.of("pekko://writ@n1:2551"), 1234);
        ActorRef<HealthPeer.Command> peer = testKit.spawn(HealthPeer.create("node-a", "acme", () -> report));

        TestProbe<HealthPeer.Answer> answers = testKit.createTestProbe();
        peer.tell(new HealthPeer.Ask(answers.getRef()));
        HealthPeer.Answer answer = answers.receiveMessage();
        assertThat(answer).isEqualTo(new HealthPeer.Answer("node-a", HealthStatus.DEGRADED, List.of(
                new HealthPeer.Reason("journal", HealthStatus.HEALTHY, "the database answers"),
                new HealthPeer.Reason("anchoring", HealthStatus.DEGRADED, "the chain does not answer")), 1234));
        assertThat(answer.toString()).doesNotContain("10.0.0.5");

        TestProbe<Receptionist.Listing> listings = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.subscribe(HealthPeer.serviceKey("acme"), listings.getRef()));
        listings.fishForMessage(Duration.ofSeconds(5), l -> l.getServiceInstances(HealthPeer.serviceKey("acme"))
                .contains(peer) ? FishingOutcomes.complete()
                : FishingOutcomes.continueAndIgnore());
        testKit.system().receptionist().tell(Receptionist.find(HealthPeer.serviceKey("other"), listings.getRef()));
        assertThat(listings.receiveMessage().getServiceInstances(HealthPeer.serviceKey("other"))).isEmpty();
    }
}
