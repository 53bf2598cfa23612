package dev.writ.node.monitor;

import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a member of this node's domain marked Down while it was reachable. Pekko lets any member
 * of the cluster mark any other Down (a user action, gossiped to all, with no author), so it cannot
 * be refused; but this domain's split-brain resolver downs reachable members only on a side without
 * a majority (keep-majority downs its own side then, itself included), so a Down of a reachable
 * member while the domain's reachable members are a majority was decided elsewhere: by a member of
 * another domain, an operator's tool, or this domain's own {@code MemberCertification} (a member
 * claiming this domain with another's certificate). Each is counted ({@code writ_member_downs_unexplained_total})
 * and logged as an error, for an operator to find out which (docs/trust-model.md, "Known gaps", 5).
 *
 * <p>A Leave cannot be judged so: this domain's nodes leave when they stop, and a Leave says nothing
 * of who asked. The node told to leave knows it did not ask itself ({@code ClusterExit}).
 */
public final class DowningWatch {
    private static final Logger LOG = LoggerFactory.getLogger(DowningWatch.class);

    private final LongAdder unexplained = new LongAdder();

    /** Subscribes to the members marked Down and judges each of this node's data center. */
    public Behavior<ClusterEvent.MemberDowned> behavior() {
        return Behaviors.setup(ctx -> {
            Cluster cluster = Cluster.get(ctx.getSystem());
            cluster.subscriptions().tell(Subscribe.create(ctx.getSelf(), ClusterEvent.MemberDowned.class));
            return Behaviors.receive(ClusterEvent.MemberDowned.class)
                    .onMessage(ClusterEvent.MemberDowned.class, downed -> {
                        judge(cluster, downed.member());
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /**
     * Whether this domain's own split-brain resolver downs the members this node reaches: with
     * {@code unreachable} of the domain's {@code members} unreachable, keep-majority downs every
     * member of a side that holds half of the domain or less (on a tie the side without the lowest
     * address), reachable ones and itself included.
     */
    static boolean minorityDownsItself(int members, int unreachable) {
        return unreachable > 0 && 2 * (members - unreachable) <= members;
    }

    /** Members of this domain downed while reachable, so far. */
    public long unexplained() {
        return unexplained.sum();
    }

    private void judge(Cluster cluster, Member member) {
        String own = cluster.selfMember().dataCenter();
        if (!member.dataCenter().equals(own) || cluster.state().getUnreachable().contains(member)) {
            return; // another domain's member, or one this domain's split-brain resolver may have downed
        }
        int members = 0;
        for (Member m : cluster.state().getMembers()) {
            members += m.dataCenter().equals(own) ? 1 : 0;
        }
        int unreachable = 0;
        for (Member m : cluster.state().getUnreachable()) {
            unreachable += m.dataCenter().equals(own) ? 1 : 0;
        }
        if (minorityDownsItself(members, unreachable)) {
            LOG.warn("Member {} of domain {} was marked Down while reachable, with {} of the domain's {} members"
                    + " unreachable: keep-majority downs every member of a side without a majority, itself included",
                    member.address(), own, unreachable, members);
            return;
        }
        unexplained.increment();
        LOG.error("Member {} of domain {} was marked Down while reachable, with the domain's reachable members a"
                + " majority: this domain's split-brain resolver downs only unreachable members then, so another"
                + " cluster member (possibly another domain's), an operator's tool or this node's member"
                + " certification did it. The node exits and its supervisor restarts it;"
                + " find out who, and if it was another domain, see docs/trust-model.md (Known gaps, 5)",
                member.address(), own);
    }
}
