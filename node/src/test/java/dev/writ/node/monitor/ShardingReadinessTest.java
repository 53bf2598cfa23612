package dev.writ.node.monitor;

import com.typesafe.config.ConfigFactory;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import java.time.Instant;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A one-node cluster: the gate stays closed while an entity type has no region, and opens once it has registered. */
class ShardingReadinessTest {
    private final ActorTestKit kit = ActorTestKit.create(ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical { hostname = "127.0.0.1", port = 0 }
            """));

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void theGateOpensOnlyWhenEveryEntityTypeHasRegisteredItsRegions() throws Exception {
        Cluster.get(kit.system()).manager().tell(Join.create(Cluster.get(kit.system()).selfMember().address()));
        ShardingReadiness readiness = new ShardingReadiness(kit.system(), List.of("Ping", "Pong"));
        ClusterSharding.get(kit.system()).init(Entity.of(EntityTypeKey.create(String.class, "Ping"), ctx -> Behaviors.ignore()));

        Instant deadline = Instant.now().plusSeconds(20);
        HealthReport.Finding finding = readiness.check(1);
        while (Instant.now().isBefore(deadline) && finding.detail().contains("Ping 0/1")) {
            Thread.sleep(100);
            finding = readiness.check(1);
        }
        assertThat(finding.status()).as("Pong has no region yet").isEqualTo(HealthStatus.FAILED);
        assertThat(finding.detail()).contains("Ping 1/1").contains("Pong 0/1");

        ClusterSharding.get(kit.system()).init(Entity.of(EntityTypeKey.create(String.class, "Pong"), ctx -> Behaviors.ignore()));
        while (Instant.now().isBefore(deadline) && finding.status() != HealthStatus.HEALTHY) {
            Thread.sleep(100);
            finding = readiness.check(1);
        }
        assertThat(finding.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(readiness.check(5).status()).as("once open, the gate stays open").isEqualTo(HealthStatus.HEALTHY);
    }
}
