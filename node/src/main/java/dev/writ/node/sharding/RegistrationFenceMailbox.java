package dev.writ.node.sharding;

import com.typesafe.config.Config;
import dev.writ.node.dispatch.FencedQueue;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.ProducesMessageQueue;
import scala.Option;

/**
 * The mailbox of a node's shard coordinators ({@code writ.cluster.coordinator-mailbox}, given each
 * by writ/pekko.conf's deployment): an unbounded deque mailbox (a coordinator stashes), which
 * drops a registration the {@link RegistrationFence} refuses before the coordinator sees it.
 */
public final class RegistrationFenceMailbox implements MailboxType, ProducesMessageQueue<FencedQueue> {
    public RegistrationFenceMailbox(ActorSystem.Settings settings, Config config) {
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        // /system/sharding/<Type>Coordinator/singleton/coordinator
        String manager = owner.isDefined() ? owner.get().path().parent().parent().name() : "";
        String entityType = manager.endsWith("Coordinator") ? manager.substring(0, manager.length() - "Coordinator".length())
                : manager;
        RegistrationFence fence = RegistrationFence.get(Adapter.toTyped(system.get()));
        return FencedQueue.of(owner, system, handle -> fence.refuses(entityType, handle.message()));
    }
}
