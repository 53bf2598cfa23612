package dev.writ.node.singleton;

import com.typesafe.config.Config;
import dev.writ.node.dispatch.FencedQueue;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.ProducesMessageQueue;
import scala.Option;

/**
 * The mailbox of a node's singleton managers ({@code writ.cluster.singleton-mailbox}): an unbounded
 * mailbox, but a hand-over request the {@link HandOverFence} refuses is dropped as it arrives,
 * counted and logged ({@link Singletons}), and never reaches the manager.
 */
public final class HandOverFenceMailbox implements MailboxType, ProducesMessageQueue<FencedQueue> {
    public HandOverFenceMailbox(ActorSystem.Settings settings, Config config) {
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        ActorSystem classic = system.get();
        String manager = owner.isDefined() ? owner.get().path().name() : "unknown";
        HandOverFence fence = new HandOverFence(Cluster.get(classic));
        Singletons singletons = Singletons.get(Adapter.toTyped(classic));
        return FencedQueue.of(owner, system, handle -> {
            if (!fence.refuses(handle.message())) {
                return false;
            }
            singletons.refused(manager, HandOverFence.sender(handle.sender()));
            return true;
        });
    }
}
