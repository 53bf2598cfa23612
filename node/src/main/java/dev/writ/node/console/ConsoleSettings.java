package dev.writ.node.console;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code writ.console}: whether the node serves the operator console, where, and the bounds of its
 * logins. Every bound is checked here, so a node with a bad setting refuses to start.
 *
 * @param drills            the directory of drill reports the console lists, when {@code drill-reports} is set
 * @param peerHealthTimeout how long the console waits for each node of its domain to answer its health
 */
public record ConsoleSettings(boolean enabled, String host, int port, Duration loginCodeTtl, int maxLoginCodes,
                              Duration sessionTtl, int maxSessions, Duration pushInterval, int feedSize,
                              Optional<Path> drills, Duration peerHealthTimeout) {
    /** Upper bound of the sessions and codes held: each is a few hundred bytes of memory. */
    static final int MAX_HELD = 10_000;

    public static ConsoleSettings from(Config writ) {
        Config c = writ.getConfig("console");
        int port = c.getInt("port");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("writ.console.port must be within 0..65535, got " + port);
        }
        String drills = c.getString("drill-reports");
        return new ConsoleSettings(c.getBoolean("enabled"), c.getString("host"), port,
                positive(c, "login-code-ttl"), bounded(c, "max-login-codes"), positive(c, "session-ttl"),
                bounded(c, "max-sessions"), positive(c, "push-interval"), bounded(c, "feed-size"),
                drills.isBlank() ? Optional.empty() : Optional.of(Path.of(drills).toAbsolutePath().normalize()),
                positive(c, "peer-health-timeout"));
    }

    private static int bounded(Config c, String path) {
        int n = c.getInt(path);
        if (n < 1 || n > MAX_HELD) {
            throw new IllegalArgumentException("writ.console." + path + " must be within 1.." + MAX_HELD + ", got " + n);
        }
        return n;
    }

    private static Duration positive(Config c, String path) {
        Duration d = c.getDuration(path);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("writ.console." + path + " must be positive, got " + d);
        }
        return d;
    }
}
