package dev.writ.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.ActorIdentity;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
// Pekko's singleton protocol is internal Scala: Java names its classes by their binary names.
import org.apache.pekko.cluster.singleton.ClusterSingletonManager$Internal$HandOverToMe$;
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes of two domains in one cluster, each its own Pekko data center: globex's node sends
 * acme's singleton manager, by its path, the {@code HandOverToMe} a new oldest member sends its
 * predecessor. Pekko's manager, oldest of its data center, would stop acme's singleton (here its
 * anchoring sealer), hand it to nobody and never start it again while acme's node lives; the fenced
 * manager ignores it and counts it, and the singleton keeps running. The same for a shard
 * coordinator's manager (acme's Budget coordinator), whose loss would leave new budget shards unallocated.
 */
class ForeignSingletonIT {
    private static final String SEALER = "/system/singletonManageranchorer-acme";
    private static final String COORDINATOR = "/system/sharding/BudgetCoordinator";

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
    void aMemberOfAnotherDomainCannotStopThisDomainsSingleton() throws Exception {
        pair = SharedClusterPair.start(dir);
        ActorSystem<Void> acme = pair.acme.node.system();
        SharedClusterPair.await("acme's anchoring sealer and budget coordinator run",
                () -> running(acme, SEALER + "/anchorer-acme") && running(acme, COORDINATOR + "/singleton"));

        // globex's node, by path, as a member of acme's data center taking over would.
        for (String manager : new String[] {SEALER, COORDINATOR}) {
            Adapter.toClassic(pair.attacker()).actorSelection(acme.address() + manager)
                    .tell(ClusterSingletonManager$Internal$HandOverToMe$.MODULE$, ActorRef.noSender());
        }

        SharedClusterPair.await("acme's node ignored both hand-overs, or stopped a singleton",
                () -> refusedHandOvers().contains("writ_singleton_handovers_refused_total 2.0")
                        || !running(acme, SEALER + "/anchorer-acme") || !running(acme, COORDINATOR + "/singleton"));
        assertThat(running(acme, SEALER + "/anchorer-acme")).as("acme's anchoring sealer still runs").isTrue();
        assertThat(running(acme, COORDINATOR + "/singleton")).as("acme's budget coordinator still runs").isTrue();
    }

    private static boolean running(ActorSystem<Void> system, String path) {
        try {
            ActorIdentity id = (ActorIdentity) Patterns.ask(Adapter.toClassic(system).actorSelection(path),
                    new Identify(path), Duration.ofSeconds(3)).toCompletableFuture().get();
            return id.getActorRef().isPresent();
        } catch (Exception e) {
            return false;
        }
    }

    private String refusedHandOvers() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + pair.acme.node.httpPort() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
