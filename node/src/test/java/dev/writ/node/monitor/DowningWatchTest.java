package dev.writ.node.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Members of two domains over real Artery, each domain its own data center: globex's member marks a
 * reachable acme member Down. Pekko lets it; acme's other member notices that its domain's
 * split-brain resolver did not decide it, and counts it.
 */
class DowningWatchTest {
    private final List<ActorTestKit> kits = new ArrayList<>();

    @AfterEach
    void stop() {
        kits.forEach(ActorTestKit::shutdownTestKit);
    }

    @Test
    void aReachableMemberOfThisDomainDownedByAnotherDomainsMemberIsCounted() throws Exception {
        ActorSystem<Void> a = member("acme");
        ActorSystem<Void> b = member("acme");
        ActorSystem<Void> x = member("globex");
        DowningWatch watch = new DowningWatch();
        a.systemActorOf(watch.behavior(), "downing-watch", Props.empty());
        for (ActorSystem<Void> s : List.of(a, b, x)) {
            Cluster.get(s).manager().tell(Join.create(Cluster.get(a).selfMember().address()));
        }
        await("three members Up", () -> allUp(a, 3));

        Cluster.get(x).manager().tell(new Down(Cluster.get(b).selfMember().address()));

        await("acme's node counts the Down of its reachable member", () -> watch.unexplained() == 1);
    }

    @Test
    void aSideWithoutAMajorityDowningItselfIsTheDomainsOwnResolver() {
        // three members, two unreachable (one cut off, one killed): keep-majority downs this side, itself included
        assertThat(DowningWatch.minorityDownsItself(3, 2)).isTrue();
        assertThat(DowningWatch.minorityDownsItself(4, 2)).as("a tie: the side without the lowest address goes").isTrue();
        assertThat(DowningWatch.minorityDownsItself(3, 1)).as("a majority still reachable downs only the unreachable")
                .isFalse();
        assertThat(DowningWatch.minorityDownsItself(3, 0)).isFalse();
    }

    private ActorSystem<Void> member(String domain) {
        ActorTestKit kit = ActorTestKit.create("writ", ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.multi-data-center.self-data-center = "%s"
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.cluster.downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
                """.formatted(domain)));
        kits.add(kit);
        return kit.system();
    }

    private static boolean allUp(ActorSystem<Void> system, int members) {
        List<MemberStatus> statuses = new ArrayList<>();
        Cluster.get(system).state().getMembers().forEach(m -> statuses.add(m.status()));
        return statuses.size() == members && statuses.stream().allMatch(MemberStatus.up()::equals);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
