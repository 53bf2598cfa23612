package dev.writ.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Reads, around each measured phase, the CPU of every process that serves it ({@code /proc/<pid>/stat})
 * and each node JVM's threads-started counter ({@link ThreadsStarted}, jcmd). The counters are read
 * outside the CPU window (before it opens, after it closes), so the jcmd JVMs cost the figures nothing.
 * The nodes' JIT compiler threads are read apart as well ({@link #NODES_JIT}): a JVM young enough to
 * still be compiling pays for it per action, a long-running one does not.
 */
final class CostMeter {
    static final String DATABASE = "database";
    static final String GENERATOR = "generator";
    /** The part of the nodes' CPU (already counted in each node's) that HotSpot's JIT compilers used. */
    static final String NODES_JIT = "nodes: of it JIT";
    /** Thread names of HotSpot's C1 and C2 compiler threads, as /proc shows them (15 characters). */
    private static final String[] COMPILER_THREADS = {"C1 CompilerThre", "C2 CompilerThre"};

    private final Map<String, Long> nodePids;
    private final Supplier<CpuSnapshot> database;
    private final long generatorPid;

    /**
     * @param nodePids node id to pid, in report order (empty for nodes the bench did not launch)
     * @param database the database's processes: every {@code postgres} process, or this JVM for H2
     */
    CostMeter(Map<String, Long> nodePids, Supplier<CpuSnapshot> database, long generatorPid) {
        this.nodePids = new LinkedHashMap<>(nodePids);
        this.database = database;
        this.generatorPid = generatorPid;
    }

    PhaseCost.Sample before() {
        Map<String, OptionalLong> threads = threads();
        Map<String, Long> wakeups = wakeups();
        return new PhaseCost.Sample(cpu(), threads, wakeups);
    }

    PhaseCost.Sample after() {
        Map<String, CpuSnapshot> cpu = cpu();
        Map<String, Long> wakeups = wakeups();
        return new PhaseCost.Sample(cpu, threads(), wakeups);
    }

    private Map<String, Long> wakeups() {
        Map<String, Long> m = new LinkedHashMap<>();
        nodePids.forEach((id, pid) -> m.put(id, Wakeups.of(pid)));
        return m;
    }

    private Map<String, CpuSnapshot> cpu() {
        Map<String, CpuSnapshot> m = new LinkedHashMap<>();
        nodePids.forEach((id, pid) -> m.put(id, CpuSnapshot.of(List.of(pid))));
        if (!nodePids.isEmpty()) {
            m.put(NODES_JIT, CpuSnapshot.ofThreads(nodePids.values(), COMPILER_THREADS));
        }
        m.put(DATABASE, database.get());
        m.put(GENERATOR, CpuSnapshot.of(List.of(generatorPid)));
        return m;
    }

    private Map<String, OptionalLong> threads() {
        Map<String, OptionalLong> m = new LinkedHashMap<>();
        nodePids.forEach((id, pid) -> m.put(id, ThreadsStarted.read(pid)));
        return m;
    }
}
