package dev.writ.node.monitor;

import dev.writ.node.dispatch.Continuations;
import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.health.HealthStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.pattern.Patterns;

/**
 * The start-up gate for sharded entities. A young cluster is Up before its shard coordinators
 * have registered every node's regions; until then an entity may be unreachable and the node
 * would refuse with TIMEOUT or BUDGET_UNAVAILABLE while calling itself HEALTHY. The node is ready
 * once each entity type's coordinator lists at least {@code writ.cluster.min-members} regions;
 * like the membership gate, it never closes again (later trouble shows as timeouts and
 * unreachable members, not as a node that forgets it started).
 *
 * <p>Asks run in the background, one round at a time, so a health check never waits on them.
 */
final class ShardingReadiness {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

    private final ActorSystem<?> system;
    private final List<String> entityTypes;
    private final Map<String, Integer> registered = new ConcurrentHashMap<>();
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile boolean ready;

    ShardingReadiness(ActorSystem<?> system, List<String> entityTypes) {
        this.system = system;
        this.entityTypes = List.copyOf(entityTypes);
    }

    /** The "sharding" finding; starts a new round of asks while the gate is closed. */
    Finding check(int minMembers) {
        if (!ready) {
            ready = entityTypes.stream().allMatch(t -> registered.getOrDefault(t, 0) >= minMembers);
        }
        if (ready) {
            return new Finding("sharding", HealthStatus.HEALTHY, "every entity type's regions registered");
        }
        askCoordinators();
        StringBuilder detail = new StringBuilder("shard regions registering with their coordinators:");
        for (String type : entityTypes) {
            detail.append(' ').append(type).append(' ').append(registered.getOrDefault(type, 0)).append('/').append(minMembers);
        }
        return new Finding("sharding", HealthStatus.FAILED, detail.toString());
    }

    private void askCoordinators() {
        if (!asking.compareAndSet(false, true)) {
            return;
        }
        ClusterSharding sharding = ClusterSharding.get(Adapter.toClassic(system));
        CompletableFuture<?>[] rounds = new CompletableFuture<?>[entityTypes.size()];
        for (int i = 0; i < rounds.length; i++) {
            String type = entityTypes.get(i);
            try {
                rounds[i] = Continuations.on(system.executionContext(),
                                Patterns.ask(sharding.shardRegion(type), ShardRegion.getCurrentRegionsInstance(), ASK_TIMEOUT))
                        .thenAccept(answer -> registered.put(type, ownRegions(((ShardRegion.CurrentRegions) answer).getRegions())))
                        .toCompletableFuture();
            } catch (IllegalStateException notStartedYet) {
                rounds[i] = CompletableFuture.completedFuture(null); // its region starts with the node; asked next round
            }
        }
        CompletableFuture.allOf(rounds).whenComplete((ok, failure) -> asking.set(false));
    }

    /** The regions at members of this node's data center: another domain's member can register one too (D97). */
    private int ownRegions(Set<Address> regions) {
        Cluster cluster = Cluster.get(system);
        String own = cluster.selfMember().dataCenter();
        int count = 0;
        for (Member member : cluster.state().getMembers()) {
            if (member.dataCenter().equals(own) && regions.contains(member.address())) {
                count++;
            }
        }
        return count;
    }
}
