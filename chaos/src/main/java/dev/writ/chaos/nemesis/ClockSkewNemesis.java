package dev.writ.chaos.nemesis;

import dev.writ.chaos.sut.SystemUnderTest;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One node's clock runs ahead or behind: the node is restarted with {@code writ.node.clock-offset}
 * (its {@code NodeClock} adds it to the system clock; read at start, so a restart is how a drill
 * moves it), between {@value #MIN_SKEW_SECONDS} and {@value #MAX_SKEW_SECONDS} s either way, well
 * beyond the redemption clock tolerance. Healing restarts it with no offset.
 */
public final class ClockSkewNemesis implements Nemesis {
    static final int MIN_SKEW_SECONDS = 10;
    static final int MAX_SKEW_SECONDS = 90;
    private final SystemUnderTest sut;
    private String victim;

    public ClockSkewNemesis(SystemUnderTest sut) {
        this.sut = sut;
    }

    @Override
    public Fault start(Random random) {
        List<String> nodes = sut.fabric().nodeIds();
        victim = nodes.get(random.nextInt(nodes.size()));
        int seconds = (MIN_SKEW_SECONDS + random.nextInt(MAX_SKEW_SECONDS - MIN_SKEW_SECONDS + 1))
                * (random.nextBoolean() ? 1 : -1);
        sut.fabric().restart(victim, Map.of("writ.node.clock-offset", "\"" + seconds + "s\""));
        return new Fault(victim, "clock of " + victim + " skewed by " + (seconds > 0 ? "+" : "") + seconds + " s");
    }

    @Override
    public String heal() {
        sut.fabric().restart(victim, Map.of());
        List<String> also = sut.restoreAll();
        return "clock of " + victim + " back to the system clock" + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }
}
