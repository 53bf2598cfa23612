package dev.writ.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a drill runs. The schedule: {@code warmup} without faults, then fault / recovery cycles
 * ({@code faultFor}, then {@code recoverFor}) while they fit in {@code duration}, then clients go
 * on until service has resumed after the last heal (at most the resume bound).
 *
 * @param load the operations offered per second, open loop (a client waiting on a slow node does not slow the
 *             others: each operation has a client process of its own, {@code c<i>}, while it is in flight)
 * @param namespaces put every node in its own network namespace (needs root and iproute2)
 */
public record DrillOptions(Scenario scenario, Duration duration, long seed, Path out, int nodes, Duration warmup,
                           Duration faultFor, Duration recoverFor, DrillLoad load, boolean namespaces) {
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
    public static final int DEFAULT_NODES = 3;
    public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(8);
    public static final Duration DEFAULT_FAULT = Duration.ofSeconds(12);
    public static final Duration DEFAULT_RECOVERY = Duration.ofSeconds(12);

    public DrillOptions {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(out, "out");
        if (nodes < 2) {
            throw new IllegalArgumentException("a drill needs at least 2 nodes, got " + nodes);
        }
        Objects.requireNonNull(load, "load");
        if (duration.compareTo(warmup.plus(faultFor)) < 0) {
            throw new IllegalArgumentException("--duration " + duration.toSeconds() + " s leaves no room for a fault after "
                    + "the " + warmup.toSeconds() + " s warm-up; give at least " + warmup.plus(faultFor).toSeconds() + " s");
        }
    }

    /** The defaults for a scenario, writing to {@code out}. */
    public static DrillOptions defaults(Scenario scenario, long seed, Path out, boolean namespaces) {
        return new DrillOptions(scenario, DEFAULT_DURATION, seed, out, DEFAULT_NODES, DEFAULT_WARMUP, DEFAULT_FAULT,
                DEFAULT_RECOVERY, DrillLoad.trickle(), namespaces);
    }

    public DrillOptions withDuration(Duration d) {
        return new DrillOptions(scenario, d, seed, out, nodes, warmup, faultFor, recoverFor, load, namespaces);
    }

    public DrillOptions withLoad(DrillLoad l) {
        return new DrillOptions(scenario, duration, seed, out, nodes, warmup, faultFor, recoverFor, l, namespaces);
    }

    public DrillOptions withNodes(int n) {
        return new DrillOptions(scenario, duration, seed, out, n, warmup, faultFor, recoverFor, load, namespaces);
    }
}
