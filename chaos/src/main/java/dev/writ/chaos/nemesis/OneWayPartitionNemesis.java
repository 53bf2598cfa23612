package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.NetworkLab;
import dev.writ.chaos.sut.SystemUnderTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * An asymmetric partition: what one node sends to the others is lost while what they send it
 * still arrives (it is mute), or the other way round (it is deaf). A blackhole route in the
 * sending side's namespaces only, so the loss is one-way at the IP layer; TCP above it then fails
 * unevenly (the receiving side still gets data until the sender's window fills, its
 * acknowledgements are lost), which is what one-way loss does to Artery's streams. Clients still
 * reach every node. Healing removes the routes, then restarts any node the cluster downed.
 */
public final class OneWayPartitionNemesis implements Nemesis {
    private final SystemUnderTest sut;
    private final NetworkLab network;

    public OneWayPartitionNemesis(SystemUnderTest sut) {
        this.sut = sut;
        this.network = sut.network().orElseThrow(() -> new IllegalStateException(
                "partitions need network namespaces (root with iproute2)"));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.ONE_WAY_PARTITION;
    }

    @Override
    public Fault start(Random random) {
        List<String> nodes = new ArrayList<>(sut.fabric().nodeIds());
        String target = nodes.get(random.nextInt(nodes.size()));
        Set<String> others = Set.copyOf(nodes.stream().filter(n -> !n.equals(target)).toList());
        if (random.nextBoolean()) {
            network.cutOneWay(Set.of(target), others);
            return new Fault(target, "one-way partition, " + target + " mute: what it sends to " + others
                    + " is lost, what they send it arrives");
        }
        network.cutOneWay(others, Set.of(target));
        return new Fault(target, "one-way partition, " + target + " deaf: what " + others
                + " send it is lost, what it sends them arrives");
    }

    @Override
    public String heal() {
        network.heal();
        List<String> also = sut.restoreAll();
        return "network healed" + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }
}
