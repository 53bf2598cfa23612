package dev.writ.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.TestNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Two real nodes of two domains in one cluster, each its own Pekko data center with its own
 * database: acme's node, whose trust boundary a test probes, and globex's, a member of another
 * domain joined to it (mutual TLS optional, as plain Artery lets any member in). Both are Up once
 * {@link #start} returns.
 */
final class SharedClusterPair implements AutoCloseable {
    final TestNode acme;
    final TestNode globex;

    private SharedClusterPair(TestNode acme, TestNode globex) {
        this.acme = acme;
        this.globex = globex;
    }

    static SharedClusterPair start(Path dir) throws Exception {
        TestNode acme = TestNode.start(dir.resolve("acme"), Map.of("writ.node.id", "acme-1", "writ.node.domain", "acme",
                "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on"));
        TestNode globex = null;
        try {
            acme.awaitServing();
            globex = TestNode.start(dir.resolve("globex"), Map.of("writ.node.id", "globex-1", "writ.node.domain", "globex",
                    "writ.cluster.seed-nodes", List.of(acme.node.system().address().toString()),
                    "writ.cluster.mutual-tls", "optional",
                    "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on"));
            SharedClusterPair pair = new SharedClusterPair(acme, globex);
            await("both members Up", () -> allUp(pair.attacker(), 2));
            return pair;
        } catch (Exception | AssertionError e) {
            if (globex != null) {
                globex.close();
            }
            acme.close();
            throw e;
        }
    }

    /** globex's actor system: what a member of another domain can send from. */
    ActorSystem<Void> attacker() {
        return globex.node.system();
    }

    /** Waits up to a minute for {@code condition}, failing with {@code what}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static boolean allUp(ActorSystem<Void> system, int members) {
        List<MemberStatus> statuses = new ArrayList<>();
        Cluster.get(system).state().getMembers().forEach(m -> statuses.add(m.status()));
        return statuses.size() == members && statuses.stream().allMatch(MemberStatus.up()::equals);
    }

    @Override
    public void close() throws Exception {
        globex.close();
        acme.close();
    }
}
