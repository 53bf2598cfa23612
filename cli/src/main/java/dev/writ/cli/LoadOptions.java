package dev.writ.cli;

import dev.writ.chaos.DrillLoad;
import java.util.Locale;
import java.util.OptionalDouble;
import picocli.CommandLine.Option;

/** The drill's load options, shared by `writ drill` and `writ drill campaign`. */
final class LoadOptions {
    @Option(names = "--rate", paramLabel = "<ops/s>",
            description = "operations offered per second, open loop (default: " + DrillLoad.TRICKLE + ", the trickle)")
    private Double rate;

    @Option(names = "--load", paramLabel = "<share>",
            description = "offer this share of the domain's capacity instead, e.g. 0.5; the capacity is --capacity, or "
                    + "measured by each drill first (16 closed-loop clients for 13 s)")
    private Double share;

    @Option(names = "--capacity", paramLabel = "<ops/s>",
            description = "the domain's capacity for --load (skips the measurement)")
    private Double capacity;

    /** The load chosen; throws IllegalArgumentException on a contradiction or a bad value. */
    DrillLoad load() {
        if (share == null) {
            if (capacity != null) {
                throw new IllegalArgumentException("--capacity goes with --load <share>");
            }
            return rate == null ? DrillLoad.trickle() : new DrillLoad.Rate(rate);
        }
        if (rate != null) {
            throw new IllegalArgumentException("give --rate or --load, not both");
        }
        return new DrillLoad.ShareOfCapacity(share, capacity == null ? OptionalDouble.empty() : OptionalDouble.of(capacity));
    }

    /** The options as given, for a command line that reproduces the run. */
    String arguments() {
        StringBuilder s = new StringBuilder();
        if (rate != null) {
            s.append(String.format(Locale.ROOT, " --rate %s", rate));
        }
        if (share != null) {
            s.append(String.format(Locale.ROOT, " --load %s", share));
        }
        if (capacity != null) {
            s.append(String.format(Locale.ROOT, " --capacity %s", capacity));
        }
        return s.toString();
    }
}
