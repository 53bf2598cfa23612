package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.fabric.LocalFabric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A change of membership under load: a new node ({@code joiner}: a fourth JVM with a fresh data
 * directory and key, registered on chain by the domain's admin, its own namespace) joins the
 * running domain, and once it is HEALTHY one of the nominal nodes, drawn at random, leaves
 * gracefully (SIGTERM: it stops taking requests, leaves the cluster, hands its shards and
 * singletons over, and its process exits; nothing starts it again during the fault). The fault is
 * in place once the others count the joiner and not the leaver up. Healing goes back to the
 * nominal membership without ever running below it: the leaver is started again on its data and
 * ports and waited for until HEALTHY, then the joiner leaves gracefully and is retired (its data
 * directory deleted, so the next cycle's joiner starts empty again).
 */
public final class JoinLeaveNemesis implements Nemesis {
    /** How long the others may take to count the joiner in and the leaver out (a leave takes a few seconds). */
    static final Duration MEMBERSHIP_WAIT = Duration.ofSeconds(30);
    /**
     * How long the joiner may take to be HEALTHY: a cold JVM joining a domain under load (sharding
     * hands it shards, the budget owners must answer it) took 93 s on 2 cores at load average 20.
     */
    static final Duration JOIN_WAIT = Duration.ofSeconds(180);

    private final SystemUnderTest sut;
    private final String joiner;
    private String leaver;
    private boolean left;

    public JoinLeaveNemesis(SystemUnderTest sut, String joiner) {
        this.sut = sut;
        this.joiner = joiner;
    }

    @Override
    public FaultKind kind() {
        return FaultKind.JOIN_LEAVE;
    }

    @Override
    public Fault start(Random random) {
        LocalFabric fabric = sut.fabric();
        List<String> nominal = fabric.nodeIds();
        leaver = nominal.get(random.nextInt(nominal.size()));
        long startedAt = System.nanoTime();
        // the domain's admin registers the new node's key (made in its fresh data directory) before it starts
        sut.chain().registerNodeKeys(SystemUnderTest.DOMAIN, fabric.options().workDir(), List.of(joiner));
        fabric.join(joiner, SystemUnderTest.DOMAIN);
        fabric.awaitHealthy(Set.of(joiner), JOIN_WAIT);
        long joinedMillis = millisSince(startedAt);
        long pid = fabric.pid(leaver);
        long leftAt = System.nanoTime();
        left = true;
        fabric.stop(leaver);
        long exitedMillis = millisSince(leftAt);
        String in = fabric.config(joiner).arteryAddress();
        String out = fabric.config(leaver).arteryAddress();
        for (String other : fabric.nodeIds()) {
            if (!other.equals(leaver)) {
                fabric.awaitHealth(other, h -> h.membersUp().size() == nominal.size() && h.membersUp().contains(in)
                                && !h.membersUp().contains(out),
                        MEMBERSHIP_WAIT, joiner + " counted up and " + leaver + " not");
            }
        }
        return new Fault(leaver, joiner + " joined (HEALTHY " + joinedMillis + " ms after its key was registered), then "
                + leaver + " (pid " + pid + ") left gracefully: SIGTERM, exited after " + exitedMillis
                + " ms, counted out by the others after " + millisSince(leftAt) + " ms");
    }

    @Override
    public String heal() {
        LocalFabric fabric = sut.fabric();
        List<String> done = new ArrayList<>();
        if (left) {
            long startedAt = System.nanoTime();
            left = false;
            fabric.restart(leaver);
            done.add("restarted " + leaver + " (HEALTHY after " + millisSince(startedAt) + " ms)");
        }
        if (fabric.nodeIds().contains(joiner)) { // also when it joined but never became HEALTHY
            long leftAt = System.nanoTime();
            fabric.retire(joiner);
            done.add(joiner + " left gracefully and was retired after " + millisSince(leftAt) + " ms");
        }
        done.add("nominal membership " + fabric.nodeIds());
        done.addAll(sut.restoreAll());
        return String.join("; ", done);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
