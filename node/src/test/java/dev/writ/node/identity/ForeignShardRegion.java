package dev.writ.node.identity;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.actor.ActorSelection;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
// Pekko's coordinator protocol is internal Scala (ShardCoordinator.Internal); Java names its classes by their binary names.
import org.apache.pekko.cluster.sharding.ShardCoordinator$Internal$CoordinatorMessage;
import org.apache.pekko.cluster.sharding.ShardCoordinator$Internal$HostShard;
import org.apache.pekko.cluster.sharding.ShardCoordinator$Internal$Register;
import org.apache.pekko.cluster.sharding.ShardCoordinator$Internal$RegisterAck;
import org.apache.pekko.cluster.sharding.ShardCoordinator$Internal$ShardStarted;

/**
 * What a member of another domain runs to host a domain's shards: a stand-in shard region that
 * speaks the coordinator's protocol. It registers with the coordinator of one entity type at the
 * victim's address, takes every shard it is allotted ({@code HostShard}, acknowledged as started so
 * the coordinator keeps it there) and swallows the commands sharding then routes to it. It never
 * acknowledges a hand-off, as a hostile host would not.
 */
final class ForeignShardRegion extends AbstractActorWithTimers {
    /** What the stand-in saw, read by the test. */
    static final class Seen {
        final AtomicInteger registered = new AtomicInteger();
        final Set<String> hostedShards = ConcurrentHashMap.newKeySet();
        final AtomicInteger swallowed = new AtomicInteger();
    }

    private static final Object RETRY = "retry-register";

    private final ActorSelection coordinator;
    private final Seen seen;

    private ForeignShardRegion(Address victim, String entityType, Seen seen) {
        // a typed entity type's coordinator: a singleton named after the type, in the victim's data center
        this.coordinator = getContext().actorSelection(victim + "/system/sharding/" + entityType
                + "Coordinator/singleton/coordinator");
        this.seen = seen;
    }

    static Props props(Address victim, String entityType, Seen seen) {
        return Props.create(ForeignShardRegion.class, () -> new ForeignShardRegion(victim, entityType, seen));
    }

    @Override
    public void preStart() {
        register();
        getTimers().startTimerWithFixedDelay(RETRY, RETRY, Duration.ofMillis(500));
    }

    private void register() {
        coordinator.tell(new ShardCoordinator$Internal$Register(getSelf()), getSelf());
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .matchEquals(RETRY, retry -> register())
                .match(ShardCoordinator$Internal$RegisterAck.class, ack -> {
                    getTimers().cancel(RETRY);
                    seen.registered.incrementAndGet();
                })
                .match(ShardCoordinator$Internal$HostShard.class, host -> {
                    seen.hostedShards.add(host.shard());
                    getSender().tell(new ShardCoordinator$Internal$ShardStarted(host.shard()), getSelf());
                })
                .match(ShardCoordinator$Internal$CoordinatorMessage.class, ignored -> {
                    // shard homes, hand-offs: a hostile host answers none of them
                })
                .matchAny(command -> seen.swallowed.incrementAndGet())
                .build();
    }
}
