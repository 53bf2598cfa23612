package dev.writ.node.singleton;

import com.typesafe.config.Config;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MailboxType;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.ProducesMessageQueue;
import org.apache.pekko.dispatch.UnboundedMailbox;
import org.apache.pekko.dispatch.UnboundedMessageQueueSemantics;
import scala.Option;

/**
 * The mailbox of a node's singleton managers ({@code writ.cluster.singleton-mailbox}): Pekko's
 * unbounded mailbox, but a hand-over request the {@link HandOverFence} refuses is dropped as it
 * arrives, counted and logged ({@link Singletons}), and never reaches the manager.
 */
public final class HandOverFenceMailbox implements MailboxType, ProducesMessageQueue<HandOverFenceMailbox.Queue> {
    private final UnboundedMailbox unbounded = new UnboundedMailbox();

    public HandOverFenceMailbox(ActorSystem.Settings settings, Config config) {
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        ActorSystem classic = system.get();
        String manager = owner.isDefined() ? owner.get().path().name() : "unknown";
        return new Queue(unbounded.create(owner, system), new HandOverFence(Cluster.get(classic)),
                Singletons.get(Adapter.toTyped(classic)), manager);
    }

    /** Pekko's unbounded queue behind the fence. */
    public static final class Queue implements MessageQueue, UnboundedMessageQueueSemantics {
        private final MessageQueue queue;
        private final HandOverFence fence;
        private final Singletons singletons;
        private final String manager;

        Queue(MessageQueue queue, HandOverFence fence, Singletons singletons, String manager) {
            this.queue = queue;
            this.fence = fence;
            this.singletons = singletons;
            this.manager = manager;
        }

        @Override
        public void enqueue(ActorRef receiver, Envelope handle) {
            if (fence.refuses(handle.message())) {
                singletons.refused(manager, HandOverFence.sender(handle.sender()));
                return;
            }
            queue.enqueue(receiver, handle);
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
