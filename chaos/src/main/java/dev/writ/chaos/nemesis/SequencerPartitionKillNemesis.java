package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.NetworkLab;
import dev.writ.chaos.sut.SystemUnderTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Three faults at once: while the chain's sequencer is out (a {@link SequencerOutageNemesis}
 * fault, its mode drawn at random), one node is cut off from the others (blackhole routes, as
 * {@link PartitionNemesis} isolates one; clients still reach it) and another is killed
 * ({@code kill -9}, as {@link KillNemesis}). With three nodes no side keeps a majority: the
 * survivors may all be downed. Healing removes the routes, then heals the chain (measuring how
 * long anchoring takes to catch up), which ends by restarting every node that exited, that the
 * cluster removed, or that is not HEALTHY ({@link SystemUnderTest#restoreAll}): the killed node
 * among them.
 */
public final class SequencerPartitionKillNemesis implements Nemesis {
    private final SystemUnderTest sut;
    private final NetworkLab network;
    private final SequencerOutageNemesis sequencer;

    public SequencerPartitionKillNemesis(SystemUnderTest sut) {
        this.sut = sut;
        this.network = sut.network().orElseThrow(() -> new IllegalStateException(
                "partitions need network namespaces (root with iproute2)"));
        this.sequencer = new SequencerOutageNemesis(sut);
    }

    @Override
    public FaultKind kind() {
        return FaultKind.SEQUENCER_PARTITION_KILL;
    }

    @Override
    public Fault start(Random random) {
        List<String> nodes = new ArrayList<>(sut.fabric().nodeIds());
        if (nodes.size() < 2) {
            throw new IllegalStateException("a partition and a kill need two nodes, the domain has " + nodes);
        }
        Collections.shuffle(nodes, random);
        String isolated = nodes.get(0);
        String victim = nodes.get(1);
        Fault outage = sequencer.start(random);
        network.partition(Set.of(isolated));
        long pid = sut.fabric().pid(victim);
        sut.fabric().kill(victim);
        return new Fault(isolated + "," + victim, outage.description() + "; then isolated " + isolated
                + " from the other nodes; then SIGKILL " + victim + " (pid " + pid + ")");
    }

    @Override
    public String heal() {
        network.heal();
        return "network healed; " + sequencer.heal();
    }
}
