package dev.writ.node.sharding;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.dispatch.DequeBasedMessageQueueSemantics;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.ProducesMessageQueue;
import org.apache.pekko.dispatch.UnboundedDequeBasedMailbox;
import org.apache.pekko.dispatch.UnboundedDequeBasedMessageQueueSemantics;
import scala.Option;

/**
 * The mailbox of a node's shard coordinators ({@code writ.cluster.coordinator-mailbox}, given each
 * by writ/pekko.conf's deployment): Pekko's unbounded deque mailbox (a coordinator stashes), which
 * drops a registration the {@link RegistrationFence} refuses before the coordinator sees it.
 */
public final class RegistrationFenceMailbox implements MailboxType, ProducesMessageQueue<RegistrationFenceMailbox.Queue> {
    private final UnboundedDequeBasedMailbox deque = new UnboundedDequeBasedMailbox();

    public RegistrationFenceMailbox(ActorSystem.Settings settings, Config config) {
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        // /system/sharding/<Type>Coordinator/singleton/coordinator
        String manager = owner.isDefined() ? owner.get().path().parent().parent().name() : "";
        String entityType = manager.endsWith("Coordinator") ? manager.substring(0, manager.length() - "Coordinator".length())
                : manager;
        return new Queue(deque.create(owner, system), RegistrationFence.get(Adapter.toTyped(system.get())), entityType);
    }

    /** Pekko's deque behind the fence. */
    public static final class Queue implements MessageQueue, UnboundedDequeBasedMessageQueueSemantics {
        private final MessageQueue queue;
        private final RegistrationFence fence;
        private final String entityType;

        Queue(MessageQueue queue, RegistrationFence fence, String entityType) {
            this.queue = queue;
            this.fence = fence;
            this.entityType = entityType;
        }

        @Override
        public void enqueue(ActorRef receiver, Envelope handle) {
            if (!fence.refuses(entityType, handle.message())) {
                queue.enqueue(receiver, handle);
            }
        }

        @Override
        public void enqueueFirst(ActorRef receiver, Envelope handle) {
            ((DequeBasedMessageQueueSemantics) queue).enqueueFirst(receiver, handle);
        }

        @Override
        public Envelope dequeue() {
            return queue.dequeue();
        }

        @Override
        public int numberOfMessages() {
            return queue.numberOfMessages();
        }

        @Override
        public boolean hasMessages() {
            return queue.hasMessages();
        }

        @Override
        public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
            queue.cleanUp(owner, deadLetters);
        }
    }
}
