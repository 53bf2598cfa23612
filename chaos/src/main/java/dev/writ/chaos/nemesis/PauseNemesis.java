package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.fabric.FabricException;
import java.util.List;
import java.util.Random;

/**
 * SIGSTOP of one node's JVM: a process that is alive but answers nothing (as in a long GC pause or
 * a frozen VM); healing sends SIGCONT. The rest of the cluster may down it meanwhile.
 */
public final class PauseNemesis implements Nemesis {
    private final SystemUnderTest sut;
    private String victim;

    public PauseNemesis(SystemUnderTest sut) {
        this.sut = sut;
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PAUSE;
    }

    @Override
    public Fault start(Random random) {
        List<String> nodes = sut.fabric().nodeIds();
        victim = nodes.get(random.nextInt(nodes.size()));
        long pid = sut.fabric().pid(victim);
        sut.fabric().freeze(victim);
        return new Fault(victim, "SIGSTOP " + victim + " (pid " + pid + ")");
    }

    @Override
    public String heal() {
        String thawed = "SIGCONT " + victim;
        try {
            sut.fabric().thaw(victim);
        } catch (FabricException e) {
            thawed += " failed (" + e.getMessage() + ")";
        }
        List<String> also = sut.restoreAll();
        return thawed + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }
}
