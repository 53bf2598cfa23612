package dev.writ.node.sharding;

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
 * center ({@link DataCenterFence}), and the regions of other data centers it ignored are counted
 * per entity type for {@code writ_foreign_shard_regions_total}. A type starts only when its
 * coordinator's singleton manager has the node's singleton fence (writ/pekko.conf's deployment).
 */
public final class ShardFences {
    /** The mailbox of the node's singleton managers, which each coordinator's manager must have (writ/pekko.conf). */
    private static final String SINGLETON_MAILBOX = "writ.cluster.singleton-mailbox";
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
        String mailbox = "pekko.actor.deployment.\"/sharding/" + type + "Coordinator\".mailbox";
        if (!system.settings().config().hasPath(mailbox)
                || !system.settings().config().getString(mailbox).equals(SINGLETON_MAILBOX)) {
            throw new IllegalStateException("sharded entity type " + type + " has no " + mailbox + " = "
                    + SINGLETON_MAILBOX + " (writ/pekko.conf): its coordinator's manager would hand over on any"
                    + " member's request");
        }
        LongAdder counted = foreignRegions.computeIfAbsent(type, t -> new LongAdder());
        return entity.withAllocationStrategy(new DataCenterFence(type, entity.role(),
                sharding.defaultShardAllocationStrategy(entity.settings().orElseGet(() -> ClusterShardingSettings.create(system))),
                Adapter.toClassic(system), counted));
    }

    /**
     * Regions of other data centers this node's coordinators ignored so far, by entity type (every
     * fenced type, zero when none); each counted once while it stays registered.
     */
    public Map<String, Long> foreignRegionsByEntityType() {
        Map<String, Long> counts = new TreeMap<>();
        foreignRegions.forEach((type, count) -> counts.put(type, count.sum()));
        return counts;
    }
}
