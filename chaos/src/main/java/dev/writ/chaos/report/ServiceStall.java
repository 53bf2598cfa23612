package dev.writ.chaos.report;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How long a fault stalled the rest of the domain, from the history alone: the acknowledged client
 * operations (OK) answered per second by the nodes the fault did not hit, in one-second buckets from
 * the fault's injection to its heal, against their rate in the {@link #BASELINE} before it. The
 * domain has recovered from the first bucket from which every bucket until the heal holds at least
 * {@link #RECOVERED_SHARE} of that rate; {@code recoveredAfterSeconds} is that bucket's start (0: no
 * stall worth the name). Meaningful with the drills' open-loop load only: closed-loop clients waiting
 * on the frozen node would stall themselves. A fault without a node (a burst) counts every node.
 *
 * @param recoveredAfterSeconds empty when throughput was still below the share in the last bucket
 *                              before the heal, or when there was too little load before the fault to
 *                              compare with ({@link #MIN_BASELINE} per second)
 */
public record ServiceStall(long injectedMicros, String node, double baselinePerSecond, List<Integer> perSecond,
                           OptionalInt recoveredAfterSeconds) {
    static final long BASELINE = 8_000_000L;
    static final double RECOVERED_SHARE = 0.5;
    static final double MIN_BASELINE = 2.0;
    private static final long SECOND = 1_000_000L;
    private static final Set<String> CLIENT_OPERATIONS = Set.of("propose", "redeem", "revoke");

    public ServiceStall {
        perSecond = List.copyOf(perSecond);
    }

    /** One line for the report and the progress output. */
    public String describe() {
        String others = node == null ? "every node" : "the nodes but " + node;
        if (baselinePerSecond < MIN_BASELINE) {
            return String.format(Locale.ROOT, "%s answered %.1f OK/s before the fault: too little to measure a stall",
                    others, baselinePerSecond);
        }
        String recovered = recoveredAfterSeconds.isPresent()
                ? (recoveredAfterSeconds.getAsInt() == 0 ? "no stall" : "throughput back from second "
                + recoveredAfterSeconds.getAsInt() + " of the fault on")
                : "not recovered before the heal";
        return String.format(Locale.ROOT, "%s: %s (%.1f OK/s before; per second after the fault: %s)", others,
                recovered, baselinePerSecond, perSecond);
    }

    /** Every injected fault's stall, in history order. */
    public static List<ServiceStall> of(List<Event> history) {
        List<Operation> ops = Operation.pair(history).stream()
                .filter(o -> !o.invoke().isNemesis() && CLIENT_OPERATIONS.contains(o.invoke().f()) && o.ok())
                .toList();
        List<ServiceStall> out = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Event e = history.get(i);
            if (!e.isNemesis() || !e.f().equals("start") || e.type() == EventType.INVOKE
                    || e.outcome() != FaultOutcome.INJECTED) {
                continue;
            }
            long heal = history.get(history.size() - 1).micros();
            for (int j = i + 1; j < history.size(); j++) {
                if (history.get(j).isNemesis() && history.get(j).f().equals("heal")) {
                    heal = history.get(j).micros();
                    break;
                }
            }
            out.add(measure(ops, e.micros(), heal, e.node()));
        }
        return out;
    }

    static ServiceStall measure(List<Operation> ops, long injected, long heal, String node) {
        long from = Math.max(0, injected - BASELINE);
        int buckets = (int) ((heal - injected) / SECOND);
        int[] counts = new int[Math.max(0, buckets)];
        long before = 0;
        for (Operation o : ops) {
            if (node != null && node.equals(o.invoke().node())) {
                continue;
            }
            long at = o.completedMicros();
            if (at >= from && at < injected) {
                before++;
            } else if (at >= injected && at < injected + (long) buckets * SECOND) {
                counts[(int) ((at - injected) / SECOND)]++;
            }
        }
        double baseline = injected == from ? 0 : before * (double) SECOND / (injected - from);
        List<Integer> perSecond = new ArrayList<>();
        for (int c : counts) {
            perSecond.add(c);
        }
        OptionalInt recovered = OptionalInt.empty();
        if (baseline >= MIN_BASELINE && buckets > 0) {
            int k = buckets;
            while (k > 0 && counts[k - 1] >= RECOVERED_SHARE * baseline) {
                k--;
            }
            if (k < buckets) {
                recovered = OptionalInt.of(k);
            }
        }
        return new ServiceStall(injected, node, baseline, perSecond, recovered);
    }
}
