package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.NetworkLab;
import dev.writ.chaos.sut.SystemUnderTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Cuts the network between nodes with blackhole routes in their namespaces: one node isolated
 * from the rest, or (with four or more nodes) the cluster split in two random halves. Clients
 * still reach every node. Healing removes the routes, then restarts any node the cluster downed.
 */
public final class PartitionNemesis implements Nemesis {
    private final SystemUnderTest sut;
    private final NetworkLab network;

    public PartitionNemesis(SystemUnderTest sut) {
        this.sut = sut;
        this.network = sut.network().orElseThrow(() -> new IllegalStateException(
                "partitions need network namespaces (root with iproute2)"));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PARTITION;
    }

    @Override
    public Fault start(Random random) {
        List<String> nodes = new ArrayList<>(sut.fabric().nodeIds());
        Set<String> side;
        String how;
        if (nodes.size() >= 4 && random.nextBoolean()) {
            Collections.shuffle(nodes, random);
            side = new LinkedHashSet<>(nodes.subList(0, nodes.size() / 2));
            how = "halves: " + side + " | " + nodes.subList(nodes.size() / 2, nodes.size());
        } else {
            String isolated = nodes.get(random.nextInt(nodes.size()));
            side = Set.of(isolated);
            how = "isolated " + isolated + " from the other nodes";
        }
        network.partition(side);
        return new Fault(String.join(",", side), "partition, " + how);
    }

    @Override
    public String heal() {
        network.heal();
        List<String> also = sut.restoreAll();
        return "network healed" + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }
}
