package dev.writ.node.sharding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.apache.pekko.dispatch.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The shard allocation strategy of every entity type of a node: Pekko's default (least shards,
 * configured by {@code pekko.cluster.sharding.least-shard-allocation-strategy}) over only the regions
 * {@link ShardHosts} lets host, those of Up members of the coordinator's own data center (with the
 * type's role). A region another data center's member registered is acknowledged by the coordinator
 * (Pekko takes a region from any Up member) but never allotted a shard nor counted in a rebalance;
 * each is logged once and counted while it stays registered. With no region of its own to choose the
 * allocation fails, the coordinator logs it, and the asking region asks again after
 * {@code pekko.cluster.sharding.retry-interval}: closed, never to another domain.
 *
 * <p>The coordinator calls {@link #start}, {@link #allocateShard} and {@link #rebalance} from its own
 * actor, one at a time; the count is read by metrics from another thread.
 */
final class DataCenterFence implements ShardCoordinator.StartableAllocationStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(DataCenterFence.class);

    private final String entityType;
    private final Optional<String> role;
    private final ShardCoordinator.ShardAllocationStrategy leastShards;
    private final ActorSystem system;
    private final LongAdder foreignRegions;
    private Set<ActorRef> foreignSeen = Set.of();

    /**
     * The fence for {@code entityType}'s coordinators on {@code system}, placed on members with
     * {@code role} if given, choosing among its own regions with {@code leastShards}; each foreign
     * region first seen is added to {@code foreignRegions}.
     */
    DataCenterFence(String entityType, Optional<String> role, ShardCoordinator.ShardAllocationStrategy leastShards,
                    ActorSystem system, LongAdder foreignRegions) {
        this.entityType = entityType;
        this.role = role;
        this.leastShards = leastShards;
        this.system = system;
        this.foreignRegions = foreignRegions;
    }

    @Override
    public void start() {
        // The coordinator starts only the strategy it holds; Pekko's default reads the cluster's state
        // once started, so it is started here, as the coordinator would have started it.
        if (leastShards instanceof ShardCoordinator.StartableAllocationStrategy startable) {
            startable.start();
        } else if (leastShards instanceof ShardCoordinator.ActorSystemDependentAllocationStrategy dependent) {
            dependent.start(system);
        }
    }

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
                                          scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> allocations) {
        scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> own = own(allocations);
        if (own.isEmpty()) {
            return Futures.failed(new IllegalStateException("no region of an Up member of this data center to host "
                    + entityType + " shard " + shardId + " (regions of other data centers are never chosen);"
                    + " the region asks again"));
        }
        return leastShards.allocateShard(requester, shardId, own);
    }

    @Override
    public Future<scala.collection.immutable.Set<String>> rebalance(
            scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> allocations,
            scala.collection.immutable.Set<String> inProgress) {
        return leastShards.rebalance(own(allocations), inProgress);
    }

    private scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> own(
            scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> allocations) {
        Map<ActorRef, Address> addresses = new LinkedHashMap<>();
        CollectionConverters.asJava(allocations).keySet().forEach(region -> addresses.put(region, region.path().address()));
        Cluster cluster = Cluster.get(system);
        List<ShardHosts.MemberView> members = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .map(DataCenterFence::view).toList();
        ShardHosts.Split<ActorRef> split = ShardHosts.split(addresses, view(cluster.selfMember()), role, members);
        noteForeign(split.foreign());
        // an immutable map's filter is an immutable map; Java sees only Iterable's signature
        @SuppressWarnings("unchecked")
        scala.collection.immutable.Map<ActorRef, IndexedSeq<String>> own = (scala.collection.immutable.Map<ActorRef,
                IndexedSeq<String>>) allocations.filter((Tuple2<ActorRef, IndexedSeq<String>> e) -> split.own().contains(e._1()));
        return own;
    }

    /** Logs and counts each foreign region once while it stays registered (the coordinator forgets it when it stops). */
    private synchronized void noteForeign(Set<ActorRef> foreign) {
        for (ActorRef region : foreign) {
            if (!foreignSeen.contains(region)) {
                foreignRegions.increment();
                LOG.warn("A member of another data center registered a shard region of entity type {} with this domain's"
                        + " coordinator: {}. It is never allotted a shard; a member of another domain is trying to"
                        + " host this domain's entities, see docs/trust-model.md (Known gaps, 5)", entityType,
                        region.path());
            }
        }
        foreignSeen = Set.copyOf(foreign);
    }

    private static ShardHosts.MemberView view(Member member) {
        return new ShardHosts.MemberView(member.address(), member.dataCenter(), member.status(),
                CollectionConverters.asJava(member.roles()));
    }
}
