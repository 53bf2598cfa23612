package dev.writ.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.writ.node.health.HealthPeer;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two members of one domain over real Artery: the console of one asks the other's {@link HealthPeer}
 * through the cluster receptionist, its answer crossing as CBOR; a third member of another domain is
 * listed but not asked.
 */
class DomainHealthClusterTest {
    private final List<ActorTestKit> kits = new ArrayList<>();

    @AfterEach
    void stop() {
        kits.forEach(ActorTestKit::shutdownTestKit);
    }

    @Test
    void theConsoleOfOneNodeShowsTheHealthTheOtherNodesOfItsDomainAnswer() throws InterruptedException {
        ActorSystem<Void> a = member("acme");
        ActorSystem<Void> b = member("acme");
        ActorSystem<Void> x = member("globex");
        for (ActorSystem<Void> s : List.of(a, b, x)) {
            Cluster.get(s).manager().tell(Join.create(Cluster.get(a).selfMember().address()));
        }
        for (int attempt = 0; attempt < 300 && !allUp(a, 3); attempt++) {
            Thread.sleep(100);
        }
        assertThat(allUp(a, 3)).as("three members Up").isTrue();
        peer(a, "node-a", "acme", HealthStatus.HEALTHY);
        peer(b, "node-b", "acme", HealthStatus.DEGRADED);
        peer(x, "node-x", "globex", HealthStatus.FAILED);

        DomainHealth health = new DomainHealth(a, "acme", Cluster.get(a).selfMember().address(),
                FabricView.members(Cluster.get(a)), Clock.systemUTC(), Duration.ofSeconds(3));
        String bAddress = Cluster.get(b).selfMember().address().toString();
        String aAddress = Cluster.get(a).selfMember().address().toString();
        for (int attempt = 0; attempt < 100 && health.last().answers().size() < 2; attempt++) {
            health.refresh();
            Thread.sleep(100);
        }
        DomainHealth.Round round = health.last();
        assertThat(round.answers()).containsOnlyKeys(aAddress, bAddress);
        assertThat(round.answers().get(bAddress).nodeId()).isEqualTo("node-b");
        assertThat(round.answers().get(bAddress).status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(round.answers().get(bAddress).reasons())
                .containsExactly(new HealthPeer.Reason("anchoring", HealthStatus.DEGRADED, "node-b says DEGRADED"));
        assertThat(round.asked()).as("globex's member is not asked").containsExactlyInAnyOrder(aAddress, bAddress);
    }

    private ActorSystem<Void> member(String domain) {
        Config config = ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.multi-data-center.self-data-center = "%s"
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.actor.serialization-bindings { "dev.writ.node.persistence.CborSerializable" = jackson-cbor }
                """.formatted(domain));
        ActorTestKit kit = ActorTestKit.create("writ", config);
        kits.add(kit);
        return kit.system();
    }

    private static void peer(ActorSystem<Void> system, String nodeId, String domain, HealthStatus status) {
        HealthReport report = HealthReport.of(List.of(new HealthReport.Finding("anchoring", status,
                nodeId + " says " + status, "a cause only the log may show")), List.of(), 1);
        system.systemActorOf(HealthPeer.create(nodeId, domain, () -> report), "health-peer",
                Props.empty());
    }

    private static boolean allUp(ActorSystem<Void> system, int members) {
        List<MemberStatus> statuses = new ArrayList<>();
        Cluster.get(system).state().getMembers().forEach(m -> statuses.add(m.status()));
        return statuses.size() == members && statuses.stream().allMatch(MemberStatus.up()::equals);
    }
}
