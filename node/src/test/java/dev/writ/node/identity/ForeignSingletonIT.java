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
import org.apache.pekko.pattern.Patterns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes of two domains in one cluster, each its own Pekko data center: globex's node sends
 * acme's singleton manager, by its path, the {@code HandOverToMe} a new oldest member sends its
 * predecessor. Pekko's manager, oldest of its data center, would stop acme's singleton (here its
 * anchoring sealer), hand it to nobody and never start it again while acme's node lives; the fenced
 * manager ignores it and counts it, and the singleton keeps running.
 */
class ForeignSingletonIT {
    private static final String MANAGER = "/system/singletonManageranchorer-acme";
    private static final String SINGLETON = MANAGER + "/anchorer-acme";

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
        SharedClusterPair.await("acme's anchoring singleton runs", () -> running(acme));

        // globex's node, by path, as a member of acme's data center taking over would.
        Adapter.toClassic(pair.attacker()).actorSelection(acme.address() + MANAGER)
                .tell(handOverToMe(), ActorRef.noSender());

        SharedClusterPair.await("acme's node ignored the hand-over, or stopped its singleton",
                () -> refusedHandOvers().contains("writ_singleton_handovers_refused_total 1.0") || !running(acme));
        assertThat(running(acme)).as("acme's anchoring singleton still runs").isTrue();
    }

    /** Pekko's internal message, which Java cannot name. */
    private static Object handOverToMe() throws ReflectiveOperationException {
        return Class.forName("org.apache.pekko.cluster.singleton.ClusterSingletonManager$Internal$HandOverToMe$")
                .getField("MODULE$").get(null);
    }

    private static boolean running(ActorSystem<Void> system) {
        try {
            ActorIdentity id = (ActorIdentity) Patterns.ask(Adapter.toClassic(system).actorSelection(SINGLETON),
                    new Identify(SINGLETON), Duration.ofSeconds(3)).toCompletableFuture().get();
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
