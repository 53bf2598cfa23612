package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.contracts.anchor.ChainHealth;
import dev.writ.fabric.NodeHealth;
import dev.writ.node.health.HealthStatus;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One node's clock runs ahead or behind: the node is restarted with {@code writ.node.clock-offset}
 * (its {@code NodeClock} adds it to the system clock; read at start, so a restart is how a drill
 * moves it), between {@value #MIN_SKEW_SECONDS} and {@value #MAX_SKEW_SECONDS} s either way, well
 * beyond the redemption clock tolerance. A node ahead by more than {@code writ.chain.max-block-lag}
 * is DEGRADED (CHAIN_LAG), which the restart accepts. Healing restarts it with no offset.
 */
public final class ClockSkewNemesis implements Nemesis {
    static final int MIN_SKEW_SECONDS = 10;
    static final int MAX_SKEW_SECONDS = 90;
    /**
     * The chain's reasons a node whose clock runs ahead honestly gives: the head block's own time
     * against its clock. Never ANCHOR_BACKLOG: a batch's age is measured on the node's clock alone,
     * from when it first saw the batch waiting, so a skewed clock does not make a batch look old.
     */
    private static final Set<String> CHAIN_LOOKS_OLD = Set.of(ChainHealth.CHAIN_LAG);
    private final SystemUnderTest sut;
    private String victim;

    public ClockSkewNemesis(SystemUnderTest sut) {
        this.sut = sut;
    }

    @Override
    public FaultKind kind() {
        return FaultKind.CLOCK_SKEW;
    }

    @Override
    public Fault start(Random random) {
        List<String> nodes = sut.fabric().nodeIds();
        victim = nodes.get(random.nextInt(nodes.size()));
        int seconds = (MIN_SKEW_SECONDS + random.nextInt(MAX_SKEW_SECONDS - MIN_SKEW_SECONDS + 1))
                * (random.nextBoolean() ? 1 : -1);
        NodeHealth h = sut.fabric().restart(victim, Map.of("writ.node.clock-offset", "\"" + seconds + "s\""),
                ClockSkewNemesis::upDespiteSkew, "HEALTHY, or DEGRADED only because its clock is ahead of the chain");
        return new Fault(victim, "clock of " + victim + " skewed by " + (seconds > 0 ? "+" : "") + seconds + " s"
                + (h.healthy() ? "" : "; it says " + h.status() + ": "
                        + h.reasons().stream().map(NodeHealth.Reason::toString).collect(Collectors.joining("; "))));
    }

    /**
     * A node whose clock runs ahead sees the chain's head block as older than it is: DEGRADED with
     * CHAIN_LAG is its honest answer.
     */
    static boolean upDespiteSkew(NodeHealth h) {
        return h.healthy() || (h.status() == HealthStatus.DEGRADED && !h.reasons().isEmpty() && h.reasons().stream()
                .allMatch(r -> r.check().equals("chain") && r.status() == HealthStatus.DEGRADED
                        && r.code().filter(CHAIN_LOOKS_OLD::contains).isPresent()));
    }

    @Override
    public String heal() {
        sut.fabric().restart(victim, Map.of());
        List<String> also = sut.restoreAll();
        return "clock of " + victim + " back to the system clock" + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }
}
