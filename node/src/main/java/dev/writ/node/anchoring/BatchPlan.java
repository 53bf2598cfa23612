package dev.writ.node.anchoring;

import dev.writ.protocol.wire.LaneRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which records the next batch covers: per lane, the records after the last anchored one up to
 * the lane's durable head, lanes in name order, at most {@code maxRecords} in all. Pure, so the
 * ranges are contiguous with the previous batch by construction (invariant 5: nothing skipped).
 */
public final class BatchPlan {
    private BatchPlan() {
    }

    /**
     * @param heads   per lane, the last durable seq (lanes with no record are absent)
     * @param covered per lane, the last seq already in a batch (absent: none yet)
     */
    public static List<LaneRange> next(Map<String, Long> heads, Map<String, Long> covered, int maxRecords) {
        List<LaneRange> ranges = new ArrayList<>();
        long budget = maxRecords;
        for (Map.Entry<String, Long> lane : new TreeMap<>(heads).entrySet()) {
            if (budget == 0) {
                break;
            }
            long first = covered.getOrDefault(lane.getKey(), -1L) + 1;
            long last = Math.min(lane.getValue(), first + budget - 1);
            if (last >= first) {
                ranges.add(LaneRange.newBuilder().setLane(lane.getKey()).setFirstSeq(first).setLastSeq(last).build());
                budget -= last - first + 1;
            }
        }
        return ranges;
    }

    /** How many records are durable and not yet in a batch: the anchoring backlog (same arguments as {@link #next}). */
    public static long unsealed(Map<String, Long> heads, Map<String, Long> covered) {
        long n = 0;
        for (Map.Entry<String, Long> lane : heads.entrySet()) {
            n += Math.max(0, lane.getValue() - covered.getOrDefault(lane.getKey(), -1L));
        }
        return n;
    }
}
