package dev.writ.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/stat}: the command name and the CPU the process has used, in
 * clock ticks ({@code getconf CLK_TCK}). The name is in parentheses and may itself hold spaces or
 * parentheses, so the fields are counted from the last {@code ')'}: utime and stime are fields 14
 * and 15 of proc(5), the 12th and 13th after it.
 *
 * @param comm  the command name (e.g. {@code postgres}, {@code java})
 * @param ticks utime + stime: CPU time of the process's own threads, user and system
 */
public record ProcStat(long pid, String comm, long ticks) {

    static final int UTIME_AFTER_NAME = 11;

    /** Parses one stat line; IllegalArgumentException when it is not one. */
    public static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line);
        }
        String[] rest = line.substring(close + 1).trim().split("\\s+");
        if (rest.length < UTIME_AFTER_NAME + 2) {
            throw new IllegalArgumentException("too few fields in /proc/<pid>/stat: " + line);
        }
        try {
            long pid = Long.parseLong(line.substring(0, open).trim());
            long utime = Long.parseLong(rest[UTIME_AFTER_NAME]);
            long stime = Long.parseLong(rest[UTIME_AFTER_NAME + 1]);
            return new ProcStat(pid, line.substring(open + 1, close), utime + stime);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + line, e);
        }
    }

    /** The process's stat now; empty when it has exited (or is not readable). */
    public static Optional<ProcStat> read(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "stat"));
    }

    static Optional<ProcStat> read(Path file) {
        try {
            return Optional.of(parse(Files.readString(file)));
        } catch (IOException | IllegalArgumentException exitedOrUnreadable) {
            return Optional.empty();
        }
    }
}
