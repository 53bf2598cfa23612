package dev.writ.node.identity;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's data center is its own claim ({@code writ.node.domain}); its certificate is its
 * domain's word. Run on a schedule, this holds every member to its certificate: a member that
 * claims this node's domain while its certificate ({@link CertifiedMembers}) names another is
 * downed at once, before it can be handed this domain's shards and singletons; one that claims
 * another domain falsely is logged, for that domain's members to down. A member this node has not
 * connected to yet is judged once it has.
 */
public final class MemberCertification implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MemberCertification.class);

    private final ActorSystem<?> system;
    private final CertifiedMembers certified;
    private final Set<Address> reported = new HashSet<>();

    public MemberCertification(ActorSystem<?> system) {
        this.system = system;
        this.certified = CertifiedMembers.get(Adapter.toClassic(system));
    }

    @Override
    public void run() {
        Cluster cluster = Cluster.get(system);
        String own = cluster.selfMember().dataCenter();
        Set<Address> present = new HashSet<>();
        for (Member member : cluster.state().getMembers()) {
            present.add(member.address());
            if (member.status() == MemberStatus.down() || member.status() == MemberStatus.removed()
                    || member.equals(cluster.selfMember())) {
                continue;
            }
            Address address = member.address();
            if (address.getHost().isEmpty() || address.getPort().isEmpty()) {
                continue;
            }
            certified.at(address.getHost().get(), address.getPort().get())
                    .filter(node -> !node.domain().equals(member.dataCenter()))
                    .ifPresent(node -> judge(member, node, own, cluster));
        }
        reported.retainAll(present); // only members still in the cluster are remembered
    }

    private void judge(Member member, DomainBoundTrust.CertifiedNode node, String own, Cluster cluster) {
        boolean first = reported.add(member.address());
        if (member.dataCenter().equals(own)) {
            if (first) {
                LOG.error("Member {} joined as a node of {}, but its certificate names {}/{}: downing it",
                        member.address(), own, node.domain(), node.nodeId());
            }
            cluster.manager().tell(new Down(member.address()));
        } else if (first) {
            LOG.warn("Member {} claims domain {}, but its certificate names {}/{}; that domain's members down it",
                    member.address(), member.dataCenter(), node.domain(), node.nodeId());
        }
    }
}
