package dev.writ.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How often the threads of a process have given up the CPU to wait (a park, a blocking read, a
 * sleep): the sum of {@code voluntary_ctxt_switches} over {@code /proc/<pid>/task/<tid>/status}.
 * Each such wait ends in a wake-up, and on a small virtual machine a wake-up costs tens of µs of
 * CPU (D51), so wake-ups per action say how many thread hand-offs an action costs; unlike CPU time,
 * the count hardly depends on what else the machine runs (preemptions are the involuntary switches,
 * not counted here). Threads that exited in between count nothing.
 */
final class Wakeups {
    static final String FIELD = "voluntary_ctxt_switches:";

    private Wakeups() {
    }

    /** The voluntary context switches of every live thread of {@code pid}; 0 when it has exited. */
    static long of(long pid) {
        long sum = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                sum += parse(read(task.resolve("status")));
            }
        } catch (IOException exited) {
            return 0;
        }
        return sum;
    }

    /** The count in one {@code status} file's text; 0 when it has none. */
    static long parse(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith(FIELD)) {
                return Long.parseLong(line.substring(FIELD.length()).strip());
            }
        }
        return 0;
    }

    private static String read(Path status) {
        try {
            return Files.readString(status);
        } catch (IOException threadExited) {
            return "";
        }
    }
}
