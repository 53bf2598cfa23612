package dev.writ.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one measured phase cost its processes per completed action: CPU (utime + stime, µs) of
 * each process group (each node JVM, the database, the load generator), and threads started by
 * each node JVM where that counter could be read. NaN when the phase completed no action.
 *
 * @param cpuMicrosPerAction      by process group, in the order sampled
 * @param threadsStartedPerAction by node, only nodes whose counter was read before and after
 * @param wakeupsPerAction        by node: voluntary context switches of its threads ({@link Wakeups})
 */
public record PhaseCost(Map<String, Double> cpuMicrosPerAction, Map<String, Double> threadsStartedPerAction,
                        Map<String, Double> wakeupsPerAction) {

    public PhaseCost {
        cpuMicrosPerAction = Collections.unmodifiableMap(new LinkedHashMap<>(cpuMicrosPerAction));
        threadsStartedPerAction = Collections.unmodifiableMap(new LinkedHashMap<>(threadsStartedPerAction));
        wakeupsPerAction = Collections.unmodifiableMap(new LinkedHashMap<>(wakeupsPerAction));
    }

    /**
     * The readings around one phase: CPU per process group, each node's threads-started counter and
     * its threads' voluntary context switches.
     */
    public record Sample(Map<String, CpuSnapshot> cpu, Map<String, OptionalLong> threadsStarted,
                         Map<String, Long> wakeups) {
        public Sample {
            cpu = Collections.unmodifiableMap(new LinkedHashMap<>(cpu));
            threadsStarted = Collections.unmodifiableMap(new LinkedHashMap<>(threadsStarted));
            wakeups = Collections.unmodifiableMap(new LinkedHashMap<>(wakeups));
        }
    }

    /** The cost of {@code actions} completed between {@code before} and {@code after}. */
    public static PhaseCost between(Sample before, Sample after, long actions, CpuClock clock) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpuMicros(before, after, clock).forEach((group, micros) -> cpu.put(group, perAction(micros, actions)));
        Map<String, Double> threads = new LinkedHashMap<>();
        after.threadsStarted().forEach((node, count) -> {
            OptionalLong then = before.threadsStarted().getOrDefault(node, OptionalLong.empty());
            if (count.isPresent() && then.isPresent()) {
                threads.put(node, perAction(count.getAsLong() - then.getAsLong(), actions));
            }
        });
        Map<String, Double> wakeups = new LinkedHashMap<>();
        after.wakeups().forEach((node, count) -> {
            Long then = before.wakeups().get(node);
            if (then != null) {
                wakeups.put(node, perAction(count - then, actions));
            }
        });
        return new PhaseCost(cpu, threads, wakeups);
    }

    /** µs of CPU each process group used between {@code before} and {@code after}. */
    public static Map<String, Double> cpuMicros(Sample before, Sample after, CpuClock clock) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        after.cpu().forEach((group, snapshot) -> {
            CpuSnapshot then = before.cpu().get(group);
            cpu.put(group, clock.micros(then == null ? 0 : snapshot.since(then)));
        });
        return cpu;
    }

    static double perAction(double total, long actions) {
        return actions <= 0 ? Double.NaN : total / actions;
    }
}
