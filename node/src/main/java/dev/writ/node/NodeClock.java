package dev.writ.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The node's clock: the system clock plus a configured offset. The offset exists so chaos
 * drills can skew one node's clock; in production it is zero.
 */
public final class NodeClock extends Clock {
    private final Clock base;
    private final Duration offset;

    public NodeClock(Clock base, Duration offset) {
        this.base = base;
        this.offset = offset;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new NodeClock(base.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public long millis() {
        return base.millis() + offset.toMillis();
    }
}
