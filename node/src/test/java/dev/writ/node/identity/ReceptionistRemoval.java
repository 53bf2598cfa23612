package dev.writ.node.identity;

import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.ORMultiMap;
import org.apache.pekko.cluster.ddata.ORMultiMapKey;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;

/**
 * What a member of another domain does to take a domain's actors out of every member's receptionist:
 * the typed receptionist keeps its entries in Distributed Data replicated to every member of the
 * cluster, whatever its data center, so the member removes {@code key} in its own replica and the
 * replicator gossips the removal to all (the entries' own nodes do not add them again).
 */
final class ReceptionistRemoval {
    private ReceptionistRemoval() {
    }

    /** Removes every entry under {@code key}, through {@code member}'s own receptionist replica. */
    static void removeEverywhere(ActorSystem<?> member, ServiceKey<?> key) throws Exception {
        org.apache.pekko.actor.ActorSystem classic = Adapter.toClassic(member);
        ActorRef replicator = classic.actorSelection("/system/clusterReceptionist/replicator")
                .resolveOne(Duration.ofSeconds(5)).toCompletableFuture().get();
        SelfUniqueAddress self = new SelfUniqueAddress(Cluster.get(classic).selfUniqueAddress());
        // the receptionist spreads its keys over this many registers; which one holds a key is its own affair
        int registers = classic.settings().config().getInt("pekko.cluster.typed.receptionist.distributed-key-count");
        for (int n = 0; n < registers; n++) {
            Key<ORMultiMap<ServiceKey<?>, Object>> register = ORMultiMapKey.create("ReceptionistKey_" + n);
            replicator.tell(new Replicator.Update<ORMultiMap<ServiceKey<?>, Object>>(register, ORMultiMap.create(),
                    Replicator.writeLocal(), Optional.empty(), entries -> entries.remove(self, key)), ActorRef.noSender());
        }
    }
}
