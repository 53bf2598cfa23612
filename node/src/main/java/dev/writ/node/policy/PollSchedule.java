package dev.writ.node.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * When a policy source looks at its source of truth again: once its interval has passed since the
 * last look, on a monotonic clock (a wall clock that jumps neither hurries nor delays it), one look
 * at a time.
 */
public final class PollSchedule {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long nextNanos;

    /** @param dueNow whether the first look is due at once, or one interval from now */
    public PollSchedule(Duration interval, LongSupplier nanoClock, boolean dueNow) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("a check interval must not be negative");
        }
        this.intervalNanos = interval.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.nextNanos = dueNow ? nanoClock.getAsLong() : nanoClock.getAsLong() + intervalNanos;
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    /** Runs {@code look} when the interval has passed since the last one; returns whether it ran. */
    public synchronized boolean runIfDue(Runnable look) {
        long now = nanoClock.getAsLong();
        if (now - nextNanos < 0) {
            return false;
        }
        nextNanos = now + intervalNanos;
        look.run();
        return true;
    }
}
