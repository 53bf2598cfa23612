package dev.writ.chaos.nemesis;

import dev.writ.chaos.sut.Commands;
import dev.writ.chaos.sut.SystemUnderTest;
import java.util.List;
import java.util.Random;

/**
 * SIGSTOP of one node's JVM: a process that is alive but answers nothing (as in a long GC pause or
 * a frozen VM); healing sends SIGCONT. The rest of the cluster may down it meanwhile.
 */
public final class PauseNemesis implements Nemesis {
    private final SystemUnderTest sut;
    private String victim;
    private long pid;

    public PauseNemesis(SystemUnderTest sut) {
        this.sut = sut;
    }

    @Override
    public Fault start(Random random) {
        List<String> nodes = sut.fabric().nodeIds();
        victim = nodes.get(random.nextInt(nodes.size()));
        pid = sut.fabric().pid(victim);
        Commands.run(List.of("kill", "-STOP", Long.toString(pid)));
        return new Fault(victim, "SIGSTOP " + victim + " (pid " + pid + ")");
    }

    @Override
    public String heal() {
        Commands.attempt(List.of("kill", "-CONT", Long.toString(pid)));
        List<String> also = sut.restoreAll();
        return "SIGCONT " + victim + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }
}
