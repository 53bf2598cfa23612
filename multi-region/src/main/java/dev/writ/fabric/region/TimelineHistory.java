package dev.writ.fabric.region;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL server's timeline history ({@code pg_wal/<timeline>.history}): for each timeline
 * before its current one, the WAL position where a promotion switched away from it. A server on
 * an older timeline that wrote past that point diverged there. Pure.
 */
public record TimelineHistory(int current, Map<Integer, Lsn> switchPoints) {
    public TimelineHistory {
        switchPoints = Map.copyOf(switchPoints);
    }

    /**
     * Parses a history file's lines, {@code <parent timeline>\t<switch LSN>\t<reason>}, comments
     * ({@code #}) and blank lines skipped; {@code text} is empty for timeline 1, which has none.
     */
    public static TimelineHistory parse(int current, String text) {
        Map<Integer, Lsn> points = new LinkedHashMap<>();
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length < 2) {
                throw new IllegalArgumentException("cannot read timeline history line '" + line + "'");
            }
            points.put(Integer.parseInt(fields[0]), Lsn.parse(fields[1]));
        }
        return new TimelineHistory(current, points);
    }

    /** Where a server on {@code timeline} stops sharing this server's history. */
    public Divergence divergenceOf(int timeline) {
        if (timeline == current) {
            return new Divergence.SameTimeline();
        }
        Lsn point = switchPoints.get(timeline);
        return point == null ? new Divergence.Unrelated() : new Divergence.Ancestor(point);
    }

    /** Where another server's timeline stands against this history. */
    public sealed interface Divergence {
        /** The same timeline: it holds nothing this server lacks unless it is ahead of it. */
        record SameTimeline() implements Divergence {
        }

        /** An ancestor timeline, left at {@code switchPoint}: whatever it holds from there on diverged. */
        record Ancestor(Lsn switchPoint) implements Divergence {
        }

        /** Not in this history (a newer or foreign timeline): nothing can be said to be shared. */
        record Unrelated() implements Divergence {
        }
    }
}
