package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.fabric.LocalFabric;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * One step of an operator's rolling restart (docs/operating.md, upgrading a domain): the domain's
 * nodes in turn, never at random, each stopped gracefully (SIGTERM: the node stops taking requests,
 * leaves the cluster and hands its singletons and shards over) and waited for until the others no
 * longer count it up; healing starts it again on the same data and ports and waits until every
 * node is HEALTHY before the next one is stopped. Each step says how long its node was out.
 */
public final class RollingRestartNemesis implements Nemesis {
    /** How long the others may take to see a node that left as gone (it leaves in well under this). */
    static final Duration REMOVAL_WAIT = Duration.ofSeconds(30);

    private final SystemUnderTest sut;
    private int next;
    private String stopped;
    private long stoppedAtNanos;

    public RollingRestartNemesis(SystemUnderTest sut) {
        this.sut = sut;
    }

    @Override
    public FaultKind kind() {
        return FaultKind.ROLLING_RESTART;
    }

    @Override
    public Fault start(Random random) {
        LocalFabric fabric = sut.fabric();
        List<String> nodes = fabric.nodeIds();
        stopped = nodes.get(next++ % nodes.size());
        long pid = fabric.pid(stopped);
        stoppedAtNanos = System.nanoTime();
        fabric.stop(stopped);
        long exitedMillis = (System.nanoTime() - stoppedAtNanos) / 1_000_000;
        for (String other : nodes) {
            if (!other.equals(stopped)) {
                fabric.awaitHealth(other, h -> h.membersUp().size() == nodes.size() - 1, REMOVAL_WAIT,
                        stopped + " removed from the members it counts up");
            }
        }
        long removedMillis = (System.nanoTime() - stoppedAtNanos) / 1_000_000;
        return new Fault(stopped, "SIGTERM " + stopped + " (pid " + pid + "): exited after " + exitedMillis
                + " ms, removed by the others after " + removedMillis + " ms");
    }

    @Override
    public String heal() {
        sut.fabric().restart(stopped);
        long outMillis = (System.nanoTime() - stoppedAtNanos) / 1_000_000;
        List<String> also = sut.restoreAll();
        return "restarted " + stopped + ", HEALTHY again " + outMillis + " ms after its SIGTERM"
                + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }
}
