package dev.writ.node.sharding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;

/**
 * This domain's nodes, as the cluster state has them: the members of this node's data center,
 * Joining to Exiting (not Down nor Removed), which their certificates bind to it (D40), each asked at
 * a known path. Not a receptionist listing: any member of the shared cluster can add to one or
 * remove from one (D116). One per actor system.
 */
public final class DomainMembers implements Extension {
    private static final Set<MemberStatus> COUNTED = Set.of(MemberStatus.joining(), MemberStatus.weaklyUp(),
            MemberStatus.up(), MemberStatus.leaving(), MemberStatus.exiting());
    private static final ExtensionId<DomainMembers> ID = new ExtensionId<>() {
        @Override
        public DomainMembers createExtension(ActorSystem<?> system) {
            return new DomainMembers(Cluster.get(Adapter.toClassic(system)));
        }
    };

    /** A member as this class sees it. */
    record MemberAt(Address address, String dataCenter, MemberStatus status) {
    }

    private final Cluster cluster;

    private DomainMembers(Cluster cluster) {
        this.cluster = cluster;
    }

    public static DomainMembers get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** The addresses of this node's data center's members now, Joining to Exiting, sorted. */
    public List<Address> addresses() {
        List<MemberAt> members = new ArrayList<>();
        for (Member m : cluster.state().getMembers()) {
            members.add(new MemberAt(m.address(), m.dataCenter(), m.status()));
        }
        return own(members, cluster.selfMember().dataCenter()).stream().sorted(Address.addressOrdering()).toList();
    }

    /** The actor at {@code path} (from the actor system's root, e.g. {@code /system/x}) on the member at {@code member}. */
    public <T> CompletionStage<ActorRef<T>> at(Address member, String path, Duration timeout) {
        return cluster.system().actorSelection(member + path).resolveOne(timeout).thenApply(Adapter::<T>toTyped);
    }

    /** The addresses of {@code dataCenter}'s members in {@code members}, Joining to Exiting. */
    static Set<Address> own(Collection<MemberAt> members, String dataCenter) {
        Set<Address> own = new HashSet<>();
        for (MemberAt m : members) {
            if (m.dataCenter().equals(dataCenter) && COUNTED.contains(m.status())) {
                own.add(m.address());
            }
        }
        return own;
    }
}
