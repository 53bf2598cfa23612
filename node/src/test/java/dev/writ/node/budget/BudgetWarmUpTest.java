package dev.writ.node.budget;

import dev.writ.node.config.Regions;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.writ.node.keys.MemberSeals;
import dev.writ.node.keys.TestSeals;
import dev.writ.node.sharding.CoordinatorMailboxes;
import dev.writ.node.sharding.ShardFences;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A one-node cluster: warm once a budget owner answered through sharding, with nothing granted or persisted. */
class BudgetWarmUpTest {
    private final ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
            pekko.actor.serialization-bindings { "dev.writ.node.persistence.CborSerializable" = jackson-cbor }
            """).withFallback(CoordinatorMailboxes.deployment(List.of(BudgetEntity.TYPE_KEY.name())))
            .withFallback(EventSourcedBehaviorTestKit.config()).withFallback(PersistenceTestKitSnapshotPlugin.config()));

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void warmOnceAnOwnerAnsweredAndNothingIsGranted() throws Exception {
        ClusterSharding sharding = ClusterSharding.get(kit.system());
        MemberSeals seals = TestSeals.ofOneNode("node-1", "acme");
        BudgetEntity.init(sharding, new ShardFences(kit.system(), sharding), Regions.single("default"), seals);
        BudgetWarmUp warmUp = new BudgetWarmUp(sharding, Regions.single("default"), seals, "node-1");
        assertThat(warmUp.warm()).as("no owner can have answered before the node joined its cluster").isFalse();

        Cluster.get(kit.system()).manager().tell(Join.create(Cluster.get(kit.system()).selfMember().address()));
        Instant deadline = Instant.now().plusSeconds(30);
        while (!warmUp.warm() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(warmUp.warm()).isTrue();

        BudgetEntity.Usage usage = sharding.entityRefFor(BudgetEntity.TYPE_KEY, "warm-up#node-1")
                .<BudgetEntity.Usage>ask(reply -> BudgetEntity.GetUsage.sealedBy(seals, "warm-up#node-1", reply),
                        Duration.ofSeconds(5)).toCompletableFuture().get();
        assertThat(usage.grants()).as("the warm-up persisted nothing").isZero();
        assertThat(usage.granted()).isZero();
    }
}
