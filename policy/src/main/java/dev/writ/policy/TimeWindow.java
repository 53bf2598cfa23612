package dev.writ.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When a rule admits actions: on {@code days}, from {@code from} (inclusive) to {@code to}
 * (exclusive), local time in {@code zone}. When {@code to} is not after {@code from} the window
 * runs over midnight and {@code days} names the day it starts on (FRI 22:00–02:00 covers Friday
 * night until Saturday 02:00). {@code from == to} is refused as ambiguous.
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    public TimeWindow {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("time window has no days");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("time window from == to (" + from + ") is ambiguous");
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    public boolean contains(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (from.isBefore(to)) {
            return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
        }
        return (days.contains(day) && !time.isBefore(from))
                || (days.contains(day.minus(1)) && time.isBefore(to));
    }

    @Override
    public String toString() {
        return days + " " + from + "-" + to + " " + zone.getId();
    }
}
