package dev.writ.node.dispatch;

import java.util.function.Predicate;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.dispatch.DequeBasedMessageQueueSemantics;
import org.apache.pekko.dispatch.Envelope;
import org.apache.pekko.dispatch.MessageQueue;
import org.apache.pekko.dispatch.UnboundedDequeBasedMailbox;
import org.apache.pekko.dispatch.UnboundedDequeBasedMessageQueueSemantics;
import scala.Option;

/**
 * A mailbox's queue with a fence in front: Pekko's unbounded deque (so it serves actors that stash,
 * as shard coordinators do, and those that do not), except that an envelope the fence refuses is
 * dropped as it arrives and never reaches the actor. The fence counts and logs what it refuses.
 */
public final class FencedQueue implements MessageQueue, UnboundedDequeBasedMessageQueueSemantics {
    private final MessageQueue queue;
    private final Predicate<Envelope> refuses;

    private FencedQueue(MessageQueue queue, Predicate<Envelope> refuses) {
        this.queue = queue;
        this.refuses = refuses;
    }

    /** The queue of {@code owner}'s mailbox, behind {@code refuses}. */
    public static FencedQueue of(Option<ActorRef> owner, Option<ActorSystem> system, Predicate<Envelope> refuses) {
        return new FencedQueue(new UnboundedDequeBasedMailbox().create(owner, system), refuses);
    }

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
        if (!refuses.test(handle)) {
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
