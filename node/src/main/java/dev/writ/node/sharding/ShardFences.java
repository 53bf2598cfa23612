package dev.writ.node.sharding;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/**
 * Keeps every sharded entity type of a node inside its domain: each {@link #fenced} entity's
 * coordinator allocates and rebalances shards only among regions of Up members of its own data
 * center ({@link DataCenterFence}); regions of other data centers' members are not registered at all
 * ({@link RegistrationFence}), and those refused or ignored are counted per entity type for
 * {@code writ_foreign_shard_regions_total}. A type starts only when its
 * coordinator and its singleton manager have the node's fenced mailboxes ({@link CoordinatorMailboxes}).
 */
public final class ShardFences {
    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final Map<String, LongAdder> foreignRegions = new ConcurrentHashMap<>();

    public ShardFences(ActorSystem<?> system, ClusterSharding sharding) {
        this.system = system;
        this.sharding = sharding;
    }

    /** {@code entity} with the fence as its allocation strategy, around Pekko's default for this system's settings. */
    public <M, E> Entity<M, E> fenced(Entity<M, E> entity) {
        String type = entity.typeKey().name();
        Config config = system.settings().config();
        for (String key : List.of(CoordinatorMailboxes.managerKey(type), CoordinatorMailboxes.coordinatorKey(type))) {
            if (!config.hasPath(key)) {
                throw new IllegalStateException("sharded entity type " + type + " has no " + key
                        + " (CoordinatorMailboxes.deployment): its coordinator would take any member's hand-over"
                        + " request and region");
            }
        }
        LongAdder counted = foreignRegions.computeIfAbsent(type, t -> new LongAdder());
        return entity.withAllocationStrategy(new DataCenterFence(type, entity.role(),
                sharding.defaultShardAllocationStrategy(entity.settings().orElseGet(() -> ClusterShardingSettings.create(system))),
                Adapter.toClassic(system), counted));
    }

    /**
     * Members of other data centers whose regions this node's coordinators refused to register, by
     * entity type, each counted once (with, as a second line, regions the allocation strategy ignored
     * while registered; none while registrations are refused); every fenced type, zero when none.
     */
    public Map<String, Long> foreignRegionsByEntityType() {
        Map<String, Long> counts = new TreeMap<>();
        foreignRegions.forEach((type, count) -> counts.put(type, count.sum()));
        RegistrationFence.get(system).refusedByEntityType().forEach((type, n) -> counts.merge(type, n, Long::sum));
        return counts;
    }
}
