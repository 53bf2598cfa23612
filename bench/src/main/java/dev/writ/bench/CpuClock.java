package dev.writ.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Clock ticks per second of {@code /proc/<pid>/stat}'s CPU fields: {@code getconf CLK_TCK}. */
public record CpuClock(long ticksPerSecond) {

    public CpuClock {
        if (ticksPerSecond <= 0) {
            throw new IllegalArgumentException("clock ticks per second must be positive, got " + ticksPerSecond);
        }
    }

    /** Asks {@code getconf CLK_TCK}; fails when it cannot (then the CPU figures would be guesses). */
    public static CpuClock ofSystem() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("getconf CLK_TCK failed: " + out);
            }
            return new CpuClock(Long.parseLong(out));
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the clock tick rate (getconf CLK_TCK): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking getconf CLK_TCK", e);
        }
    }

    public double micros(long ticks) {
        return ticks * 1e6 / ticksPerSecond;
    }
}
