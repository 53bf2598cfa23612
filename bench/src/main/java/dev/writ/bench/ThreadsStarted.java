package dev.writ.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * How many threads a JVM has started since it began: HotSpot's {@code java.threads.started}
 * performance counter, read with {@code jcmd <pid> PerfCounter.print} (the node's {@code /metrics}
 * has it as {@code jvm_threads_started_total}, but only while the node serves; jcmd reads any JVM
 * the bench launched). {@code /proc/<pid>/status} only gives the threads alive now, which hides a
 * thread-per-task executor. Read between phases, never during one: jcmd is a JVM of its own.
 */
public final class ThreadsStarted {
    static final String COUNTER = "java.threads.started=";

    private ThreadsStarted() {
    }

    /** The counter of JVM {@code pid}; empty when jcmd cannot attach (no jcmd, another user, exited). */
    public static OptionalLong read(long pid) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "PerfCounter.print").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return OptionalLong.empty();
            }
            return parse(out);
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** The {@code java.threads.started=N} line of a PerfCounter.print output. */
    static OptionalLong parse(String perfCounterOutput) {
        for (String line : perfCounterOutput.split("\n")) {
            String l = line.strip();
            if (l.startsWith(COUNTER)) {
                try {
                    return OptionalLong.of(Long.parseLong(l.substring(COUNTER.length()).strip()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
