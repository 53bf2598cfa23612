package dev.writ.chaos;

import java.util.OptionalDouble;

/**
 * The load a drill offers, open loop: a steady rate of client operations per second, given as a
 * number ({@code --rate}) or as a share of the domain's capacity ({@code --load 0.5}), the capacity
 * either given ({@code --capacity}) or measured by the drill before its schedule
 * ({@code CapacityProbe}). The default is the trickle the drills always offered: 20 operations/s.
 */
public sealed interface DrillLoad {
    /** The trickle: what four clients at five operations a second offered before loads could be chosen. */
    double TRICKLE = 20.0;

    /** A fixed rate. */
    record Rate(double opsPerSecond) implements DrillLoad {
        public Rate {
            if (!(opsPerSecond > 0)) {
                throw new IllegalArgumentException("the drill's rate must be positive, got " + opsPerSecond);
            }
        }
    }

    /**
     * A share of capacity.
     *
     * @param capacity operations/s the domain answers at most, when known; measured by the drill otherwise
     */
    record ShareOfCapacity(double share, OptionalDouble capacity) implements DrillLoad {
        public ShareOfCapacity {
            if (!(share > 0) || share > 1) {
                throw new IllegalArgumentException("--load is a share of capacity in (0, 1], got " + share);
            }
            if (capacity.isPresent() && !(capacity.getAsDouble() > 0)) {
                throw new IllegalArgumentException("--capacity must be positive, got " + capacity.getAsDouble());
            }
        }
    }

    static DrillLoad trickle() {
        return new Rate(TRICKLE);
    }

    /** The rate to offer, given the capacity the drill measured when this load needs it. */
    default double rate(OptionalDouble measured) {
        if (this instanceof Rate r) {
            return r.opsPerSecond();
        }
        ShareOfCapacity s = (ShareOfCapacity) this;
        double capacity = s.capacity().isPresent() ? s.capacity().getAsDouble() : measured.orElseThrow(
                () -> new IllegalStateException("a share of capacity needs the capacity, given or measured"));
        return s.share() * capacity;
    }

    /** Whether the drill has to measure the capacity first. */
    default boolean needsMeasurement() {
        return this instanceof ShareOfCapacity s && s.capacity().isEmpty();
    }

    /** For the report and the command line that reproduces the drill. */
    default String describe() {
        if (this instanceof Rate r) {
            return String.format(java.util.Locale.ROOT, "%.1f operations/s", r.opsPerSecond());
        }
        ShareOfCapacity s = (ShareOfCapacity) this;
        return String.format(java.util.Locale.ROOT, "%.0f %% of capacity", s.share() * 100)
                + (s.capacity().isPresent() ? String.format(java.util.Locale.ROOT, " (%.1f operations/s given)",
                s.capacity().getAsDouble()) : " (measured first)");
    }
}
