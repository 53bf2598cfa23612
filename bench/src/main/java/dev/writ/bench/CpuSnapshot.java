package dev.writ.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU ticks (utime + stime) of a set of processes at one moment, by pid. {@link #since} gives the
 * ticks used in between: a process that started in between counts whole, one that exited in
 * between counts nothing (its last ticks cannot be read any more; for PostgreSQL, whose backends
 * live as long as the nodes' connection pools, that loses little).
 */
public record CpuSnapshot(Map<Long, Long> ticksByPid) {

    public CpuSnapshot {
        ticksByPid = Map.copyOf(ticksByPid);
    }

    public static CpuSnapshot of(Collection<Long> pids) {
        Map<Long, Long> m = new HashMap<>();
        for (long pid : pids) {
            ProcStat.read(pid).ifPresent(s -> m.put(pid, s.ticks()));
        }
        return new CpuSnapshot(m);
    }

    /**
     * The threads of processes {@code pids} whose name starts with {@code threadPrefix} (a thread's
     * name in {@code /proc/<pid>/task/<tid>/stat} is the first 15 characters of its Java name), by
     * tid: e.g. HotSpot's JIT compiler threads, {@code "C1 CompilerThre"} and {@code "C2 CompilerThre"}.
     * A thread that exited in between counts nothing (HotSpot retires idle compiler threads).
     */
    public static CpuSnapshot ofThreads(Collection<Long> pids, String... threadPrefixes) {
        Map<Long, Long> m = new HashMap<>();
        for (long pid : pids) {
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            try (Stream<Path> dirs = Files.list(tasks)) {
                dirs.forEach(d -> ProcStat.read(d.resolve("stat"))
                        .filter(s -> Stream.of(threadPrefixes).anyMatch(s.comm()::startsWith))
                        .ifPresent(s -> m.put(s.pid(), s.ticks())));
            } catch (IOException exited) {
                // the process is gone: none of its threads count
            }
        }
        return new CpuSnapshot(m);
    }

    /** Every process named {@code comm} (e.g. every {@code postgres} process, server and backends). */
    public static CpuSnapshot ofCommand(String comm) {
        return ofCommand(Path.of("/proc"), comm);
    }

    static CpuSnapshot ofCommand(Path proc, String comm) {
        Map<Long, Long> m = new HashMap<>();
        try (Stream<Path> dirs = Files.list(proc)) {
            dirs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(d -> ProcStat.read(d.resolve("stat"))
                            .filter(s -> s.comm().equals(comm))
                            .ifPresent(s -> m.put(s.pid(), s.ticks())));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
        }
        return new CpuSnapshot(m);
    }

    /** Ticks used from {@code before} to this snapshot, summed over this snapshot's processes. */
    public long since(CpuSnapshot before) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : ticksByPid.entrySet()) {
            sum += Math.max(0, e.getValue() - before.ticksByPid.getOrDefault(e.getKey(), 0L));
        }
        return sum;
    }
}
