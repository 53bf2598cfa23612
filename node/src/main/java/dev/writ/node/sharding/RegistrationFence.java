package dev.writ.node.sharding;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
// Pekko's coordinator protocol is internal Scala (ShardCoordinator.Internal): Java names its classes by their binary names.
import org.apache.pekko.cluster.sharding.ShardCoordinator$Internal$Register;
import org.apache.pekko.cluster.sharding.ShardCoordinator$Internal$RegisterProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps shard regions and proxies of other data centers' members from registering with this node's
 * shard coordinators: a {@code Register} or {@code RegisterProxy} naming a region at a member of
 * another data center is dropped as it reaches the coordinator's mailbox
 * ({@link RegistrationFenceMailbox}), so the coordinator never acknowledges it, never tells it shard
 * homes and never waits for it in a hand-off. The region's address is where the coordinator would
 * send, so a region named at another member's address would only receive nothing. Each member
 * refused is logged and counted once per entity type (its members are bounded by the cluster's).
 * One per actor system.
 */
public final class RegistrationFence implements Extension {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationFence.class);
    private static final ExtensionId<RegistrationFence> ID = new ExtensionId<>() {
        @Override
        public RegistrationFence createExtension(ActorSystem<?> system) {
            return new RegistrationFence(Cluster.get(Adapter.toClassic(system)));
        }
    };

    private final Cluster cluster;
    private final Map<String, Set<Address>> refused = new ConcurrentHashMap<>();

    private RegistrationFence(Cluster cluster) {
        this.cluster = cluster;
    }

    public static RegistrationFence get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** True when {@code message} registers, with {@code entityType}'s coordinator, a region of another data center's member. */
    boolean refuses(String entityType, Object message) {
        ActorRef region;
        if (message instanceof ShardCoordinator$Internal$Register register) {
            region = register.shardRegion();
        } else if (message instanceof ShardCoordinator$Internal$RegisterProxy proxy) {
            region = proxy.shardRegionProxy();
        } else {
            return false;
        }
        Address at = region.path().address();
        if (at.hasLocalScope()) {
            return false;
        }
        String ownDataCenter = cluster.selfMember().dataCenter();
        for (Member m : cluster.state().getMembers()) {
            if (m.address().equals(at)) {
                if (m.dataCenter().equals(ownDataCenter)) {
                    return false;
                }
                if (refused.computeIfAbsent(entityType, t -> ConcurrentHashMap.newKeySet()).add(at)) {
                    LOG.warn("A member of data center {} asked this domain's {} coordinator to register its shard region"
                            + " {}: refused, as every registration from another data center is (docs/trust-model.md)",
                            m.dataCenter(), entityType, region.path());
                }
                return true;
            }
        }
        return false; // not a member: the coordinator takes regions of Up members only
    }

    /** Members of other data centers refused so far, by entity type. */
    Map<String, Long> refusedByEntityType() {
        Map<String, Long> counts = new TreeMap<>();
        refused.forEach((type, members) -> counts.put(type, (long) members.size()));
        return counts;
    }
}
