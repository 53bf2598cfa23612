package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.SystemUnderTest;
import java.util.List;
import java.util.Random;

/** kill -9 of one node's JVM (no leaving, no flushing); healing starts it again with the same data. */
public final class KillNemesis implements Nemesis {
    private final SystemUnderTest sut;
    private String victim;

    public KillNemesis(SystemUnderTest sut) {
        this.sut = sut;
    }

    @Override
    public FaultKind kind() {
        return FaultKind.KILL;
    }

    @Override
    public Fault start(Random random) {
        List<String> nodes = sut.fabric().nodeIds();
        victim = nodes.get(random.nextInt(nodes.size()));
        long pid = sut.fabric().pid(victim);
        sut.fabric().kill(victim);
        return new Fault(victim, "SIGKILL " + victim + " (pid " + pid + ")");
    }

    @Override
    public String heal() {
        sut.fabric().restart(victim);
        List<String> also = sut.restoreAll();
        return "restarted " + victim + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }
}
