package dev.writ.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.writ.node.health.HealthPeer;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DomainHealthTest {
    private static final FabricView.Member A = new FabricView.Member("pekko://writ@a:2551", "acme", "Up", true);
    private static final FabricView.Member B = new FabricView.Member("pekko://writ@b:2551", "acme", "Up", true);
    private static final FabricView.Member C = new FabricView.Member("pekko://writ@c:2551", "acme", "Up", false);
    private static final FabricView.Member OTHER = new FabricView.Member("pekko://writ@x:2551", "globex", "Up", true);
    private static final HealthPeer.Answer A_SAYS = new HealthPeer.Answer("node-a", HealthStatus.DEGRADED,
            List.of(new HealthPeer.Reason("anchoring", HealthStatus.DEGRADED, "the chain does not answer")), 42);

    private ActorTestKit testKit;

    @AfterEach
    void stop() {
        if (testKit != null) {
            testKit.shutdownTestKit();
        }
    }

    @Test
    void onlyThisDomainsReachableMembersAreAsked() {
        assertThat(DomainHealth.askable(List.of(A, B, C, OTHER), "acme")).containsExactlyInAnyOrder(A.address(), B.address());
    }

    @Test
    void eachMemberShowsItsAnswerOrThatItGaveNoneOrWasNotAsked() {
        DomainHealth.Round round = new DomainHealth.Round(7, Set.of(A.address(), B.address()), Map.of(A.address(), A_SAYS));
        assertThat(DomainHealth.seen(A, round)).isEqualTo(new DomainHealth.Seen.Answered(A_SAYS));
        assertThat(DomainHealth.seen(B, round)).isEqualTo(new DomainHealth.Seen.NoAnswer());
        assertThat(DomainHealth.seen(C, round)).isEqualTo(new DomainHealth.Seen.NotAsked("unreachable"));
        FabricView.Member joined = new FabricView.Member("pekko://writ@d:2551", "acme", "Up", true);
        assertThat(DomainHealth.seen(joined, round)).isEqualTo(new DomainHealth.Seen.NotAsked("not asked yet"));
    }

    @Test
    void theFabricShowsEachAnswerWithItsReasons() {
        ObjectNode answered = ConsoleJson.object();
        FabricView.health(answered, new DomainHealth.Seen.Answered(A_SAYS));
        assertThat(answered.toString()).contains("\"nodeId\":\"node-a\"", "\"status\":\"DEGRADED\"",
                "\"check\":\"anchoring\"", "\"detail\":\"the chain does not answer\"");
        ObjectNode silent = ConsoleJson.object();
        FabricView.health(silent, new DomainHealth.Seen.NoAnswer());
        assertThat(silent.path("status").asText()).isEqualTo("NO_ANSWER");
        assertThat(silent.path("detail").asText()).isEqualTo("no answer");
    }

    @Test
    void aRoundAsksTheRegisteredPeerOfEachMemberAndMarksOneThatDoesNotAnswer() throws InterruptedException {
        testKit = ActorTestKit.create(ConfigFactory.parseString("""
                pekko.actor.serialize-messages = on
                pekko.actor.serialization-bindings { "dev.writ.node.persistence.CborSerializable" = jackson-cbor }
                """));
        var system = testKit.system();
        FabricView.Member self = new FabricView.Member(system.address().toString(), "acme", "Up", true);
        HealthReport report = HealthReport.of(List.of(new HealthReport.Finding("journal", HealthStatus.HEALTHY, "ok")),
                List.of(), 9);
        testKit.spawn(HealthPeer.create("node-a", "acme", () -> report));
        DomainHealth acme = new DomainHealth(system, "acme", system.address(), () -> List.of(self, OTHER),
                Clock.systemUTC(), Duration.ofSeconds(1));
        awaitRound(acme, r -> r.answers().containsKey(self.address()));
        assertThat(DomainHealth.seen(self, acme.last())).isEqualTo(new DomainHealth.Seen.Answered(
                new HealthPeer.Answer("node-a", HealthStatus.HEALTHY,
                        List.of(new HealthPeer.Reason("journal", HealthStatus.HEALTHY, "ok")), 9)));
        assertThat(acme.last().asked()).containsExactly(self.address());

        // a peer that is asked and never answers shows "no answer"
        TestProbe<HealthPeer.Command> mute = testKit.createTestProbe(HealthPeer.Command.class);
        system.receptionist().tell(Receptionist.register(HealthPeer.serviceKey("globex"), mute.getRef()));
        FabricView.Member selfInGlobex = new FabricView.Member(system.address().toString(), "globex", "Up", true);
        DomainHealth globex = new DomainHealth(system, "globex", system.address(), () -> List.of(selfInGlobex),
                Clock.systemUTC(), Duration.ofMillis(200));
        boolean asked = false;
        for (int attempt = 0; attempt < 50 && !asked; attempt++) { // the registration reaches the receptionist asynchronously
            globex.refresh();
            asked = askedWithin(mute);
        }
        assertThat(asked).as("the registered peer was asked").isTrue();
        awaitRound(globex, r -> r.askedAtMillis() > 0);
        assertThat(DomainHealth.seen(selfInGlobex, globex.last())).isEqualTo(new DomainHealth.Seen.NoAnswer());
    }

    private static boolean askedWithin(TestProbe<HealthPeer.Command> peer) {
        try {
            peer.expectMessageClass(HealthPeer.Ask.class, Duration.ofMillis(300));
            return true;
        } catch (AssertionError notYet) {
            return false;
        }
    }

    /** Refreshes until a round holds what is awaited (the receptionist registers asynchronously). */
    private static void awaitRound(DomainHealth health, Predicate<DomainHealth.Round> done) throws InterruptedException {
        for (int attempt = 0; attempt < 200 && !done.test(health.last()); attempt++) {
            health.refresh();
            Thread.sleep(50);
        }
        assertThat(done.test(health.last())).as("a round holds what was awaited").isTrue();
    }
}
