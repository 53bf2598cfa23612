package dev.writ.node.sharding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a receptionist listing that stands for "this domain's nodes" to refs of this domain's own
 * members: the receptionist takes any member's registration under any key, so another domain's
 * member can list an actor of its own under this domain's key (D114). A listed ref counts
 * only when its address is a member of this node's data center in the current cluster state, Joining
 * to Exiting (not Down nor Removed); a local ref (no host) is this node. Each ref dropped is logged
 * and counted once, by key (its refs are bounded by the cluster's members). One per actor system.
 */
public final class DomainListing implements Extension {
    private static final Logger LOG = LoggerFactory.getLogger(DomainListing.class);
    private static final Set<MemberStatus> COUNTED = Set.of(MemberStatus.joining(), MemberStatus.weaklyUp(),
            MemberStatus.up(), MemberStatus.leaving(), MemberStatus.exiting());
    private static final ExtensionId<DomainListing> ID = new ExtensionId<>() {
        @Override
        public DomainListing createExtension(ActorSystem<?> system) {
            return new DomainListing(Cluster.get(Adapter.toClassic(system)));
        }
    };

    /** A member as the filter sees it. */
    record MemberAt(Address address, String dataCenter, MemberStatus status) {
    }

    /** What a listing keeps (refs of this data center's members) and drops (every other ref). */
    record Split<R>(List<R> kept, List<R> dropped) {
    }

    private final Cluster cluster;
    private final Map<String, Set<String>> dropped = new ConcurrentHashMap<>();

    private DomainListing(Cluster cluster) {
        this.cluster = cluster;
    }

    public static DomainListing get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /**
     * This domain's nodes as the cluster state has them now: the addresses of this node's data center's
     * members, Joining to Exiting, sorted. Unlike a listing, no other domain's member can add to it or
     * remove from it; ask each node at a known path.
     */
    public List<Address> ownMembers() {
        return ownAddresses(members(), cluster.selfMember().dataCenter()).stream()
                .sorted(Address.addressOrdering()).toList();
    }

    /** The refs {@code listed} under {@code key} at members of this node's data center; the rest logged and counted once. */
    public <T> List<ActorRef<T>> own(ServiceKey<T> key, Collection<ActorRef<T>> listed) {
        Split<ActorRef<T>> split = split(listed, ref -> ref.path().address(), members(),
                cluster.selfMember().dataCenter());
        for (ActorRef<T> ref : split.dropped()) {
            if (dropped.computeIfAbsent(key.id(), k -> ConcurrentHashMap.newKeySet()).add(ref.path().toString())) {
                LOG.warn("{} is listed under this domain's receptionist key {} but is not at a member of this domain's"
                        + " data center: not counted as one of its nodes (docs/trust-model.md)", ref.path(), key.id());
            }
        }
        return split.kept();
    }

    /** Refs dropped so far from listings of this domain's keys, by key, each counted once. */
    public Map<String, Long> droppedByKey() {
        Map<String, Long> counts = new TreeMap<>();
        dropped.forEach((key, refs) -> counts.put(key, (long) refs.size()));
        return counts;
    }

    /**
     * Splits {@code listed} into the refs at a member of {@code dataCenter} in {@code members} (Joining to
     * Exiting) or without a host (this node's own), and the others.
     */
    static <R> Split<R> split(Collection<R> listed, Function<R, Address> address, Collection<MemberAt> members,
                              String dataCenter) {
        Set<Address> own = ownAddresses(members, dataCenter);
        List<R> kept = new ArrayList<>();
        List<R> others = new ArrayList<>();
        for (R ref : listed) {
            Address at = address.apply(ref);
            (at.hasLocalScope() || own.contains(at) ? kept : others).add(ref);
        }
        return new Split<>(List.copyOf(kept), List.copyOf(others));
    }

    /** The addresses of {@code dataCenter}'s members in {@code members}, Joining to Exiting. */
    static Set<Address> ownAddresses(Collection<MemberAt> members, String dataCenter) {
        Set<Address> own = new HashSet<>();
        for (MemberAt m : members) {
            if (m.dataCenter().equals(dataCenter) && COUNTED.contains(m.status())) {
                own.add(m.address());
            }
        }
        return own;
    }

    private List<MemberAt> members() {
        List<MemberAt> members = new ArrayList<>();
        for (Member m : cluster.state().getMembers()) {
            members.add(new MemberAt(m.address(), m.dataCenter(), m.status()));
        }
        return members;
    }
}
