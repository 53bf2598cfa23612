package dev.writ.node.singleton;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
// Pekko's singleton protocol is internal Scala (ClusterSingletonManager.Internal); Java names its classes by their binary names.
import org.apache.pekko.cluster.singleton.ClusterSingletonManager$Internal$HandOverToMe$;

/**
 * Whether a singleton manager may take a {@code HandOverToMe} now. Any member can send one by the
 * manager's path, and Pekko's manager, as the oldest member of its data center, answers it by stopping
 * the singleton and waiting to be removed: one message from another domain's member would stop this
 * domain's singleton for as long as its node lives. So the oldest Up member of the data center never
 * takes one. A new oldest member's own request is not lost: it asks again every
 * {@code hand-over-retry-interval}, and its predecessor, once leaving (or down), takes it; a forged
 * request then only hastens a hand-over under way. The sender a message names is the sending
 * member's say-so, so the fence reads this node's own view of membership, never the sender.
 */
final class HandOverFence {
    /** Pekko's internal message (internal Scala: Java names it by its binary name). */
    private static final Object HAND_OVER_TO_ME = ClusterSingletonManager$Internal$HandOverToMe$.MODULE$;

    private final Cluster cluster;

    HandOverFence(Cluster cluster) {
        this.cluster = cluster;
    }

    /** True when {@code message} asks this node, the oldest Up member of its data center, to hand over. */
    boolean refuses(Object message) {
        if (message != HAND_OVER_TO_ME) {
            return false;
        }
        Member self = cluster.selfMember();
        if (self.status() != MemberStatus.up()) {
            return false;
        }
        for (Member m : cluster.state().getMembers()) {
            boolean running = m.status() == MemberStatus.up() || m.status() == MemberStatus.leaving();
            if (running && m.dataCenter().equals(self.dataCenter()) && !m.equals(self) && m.isOlderThan(self)) {
                return false;
            }
        }
        return true;
    }

    /** What a refused message names as its sender, for the log. */
    static String sender(ActorRef sender) {
        return sender == null || sender.path().address().hasLocalScope() ? "none or this node"
                : sender.path().address().toString();
    }
}
