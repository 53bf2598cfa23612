package dev.writ.chaos.sut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an operating-system command (ip, kill, pg_ctl) and fails with its output when it fails. */
public final class Commands {
    private static final long TIMEOUT_SECONDS = 60;

    private Commands() {
    }

    /** Runs {@code command}; returns its output, or throws {@link DrillSetupException} on a non-zero exit. */
    public static String run(List<String> command) {
        Result r = attempt(command);
        if (r.exitCode() != 0) {
            throw new DrillSetupException("`" + String.join(" ", command) + "` exited with " + r.exitCode() + ": "
                    + r.output().strip());
        }
        return r.output();
    }

    /** Runs {@code command} and returns its exit code and output, whatever they are. */
    public static Result attempt(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new DrillSetupException("`" + String.join(" ", command) + "` did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DrillSetupException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrillSetupException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }

    /** Whether {@code command} runs and exits 0 (a probe: is iproute2 here, may we use it). */
    public static boolean works(List<String> command) {
        try {
            return attempt(command).exitCode() == 0;
        } catch (DrillSetupException e) {
            return false;
        }
    }

    public record Result(int exitCode, String output) {
    }
}
