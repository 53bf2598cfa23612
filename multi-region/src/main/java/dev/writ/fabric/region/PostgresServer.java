package dev.writ.fabric.region;

import dev.writ.fabric.FabricException;
import dev.writ.fabric.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One PostgreSQL server of the fabric's own, made with the machine's {@code initdb} and driven
 * with {@code pg_ctl} (Debian's {@code /usr/lib/postgresql/<version>/bin}, the newest, or
 * {@code -Dwrit.pg-bin}): a region's database, a primary or a standby of one. As root the
 * commands run as the {@code postgres} user, since PostgreSQL refuses to run as root. Loopback
 * only, trust authentication (for replication too).
 */
public final class PostgresServer {
    private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final List<String> settings;
    private final List<String> asPostgres;

    private PostgresServer(Path bin, Path dir, int port, List<String> settings) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.settings = List.copyOf(settings);
        this.asPostgres = "root".equals(System.getProperty("user.name"))
                ? List.of("runuser", "-u", "postgres", "--") : List.of();
    }

    /** A new primary's data directory under {@code dir} ({@code initdb}); not started. */
    static PostgresServer initPrimary(Path dir, List<String> settings) {
        PostgresServer pg = new PostgresServer(binaries(), dir, FreePorts.allocate(1)[0], settings);
        pg.prepare();
        pg.command("initdb", "-D", pg.data(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        return pg;
    }

    /**
     * A standby of the server at {@code primaryPort} (reached through that port, e.g. a relay):
     * a base backup streaming WAL, then {@code standby.signal} and a {@code primary_conninfo} that
     * names the standby {@code applicationName}, the name the primary's
     * {@code synchronous_standby_names} waits for. Not started.
     */
    static PostgresServer baseBackup(Path dir, int primaryPort, String applicationName) {
        PostgresServer pg = new PostgresServer(binaries(), dir, FreePorts.allocate(1)[0], List.of());
        pg.prepare();
        pg.command("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(primaryPort), "-U", "postgres",
                "-D", pg.data(), "-X", "stream", "--no-sync");
        try {
            Files.writeString(Path.of(pg.data(), "postgresql.auto.conf"),
                    "primary_conninfo = 'host=127.0.0.1 port=" + primaryPort + " user=postgres application_name="
                            + applicationName + "'\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Files.createFile(Path.of(pg.data(), "standby.signal"));
            pg.asOwner(Path.of(pg.data()));
        } catch (IOException e) {
            throw new FabricException("cannot make " + dir + " a standby: " + e.getMessage(), e);
        }
        return pg;
    }

    public int port() {
        return port;
    }

    /** Starts the server; returns once it accepts connections. */
    public void start() {
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port),
                // TCP only: a socket path under a deep work directory can pass the 107 bytes allowed
                "-c", "unix_socket_directories=''", "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"));
        for (String s : settings) {
            options.add("-c");
            options.add(s);
        }
        command("pg_ctl", "-D", data(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60",
                "-o", String.join(" ", options), "start");
    }

    /** Stops the server at once, as a crash or a lost region does: no checkpoint, no goodbye to clients. */
    public void kill() {
        command("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
    }

    /** Promotes a standby to primary and returns once it accepts writes. */
    public void promote() {
        command("pg_ctl", "-D", data(), "-w", "-t", "60", "promote");
    }

    /** Stops the server if it runs (immediate mode); for cleanup, never fails. */
    void stopQuietly() {
        try {
            kill();
        } catch (FabricException ignored) {
            // it was not running
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void prepare() {
        try {
            Files.createDirectories(dir);
            asOwner(dir);
        } catch (IOException e) {
            throw new FabricException("cannot make " + dir + " for PostgreSQL: " + e.getMessage(), e);
        }
    }

    private void asOwner(Path path) {
        if (!asPostgres.isEmpty()) {
            run(List.of("chown", "-R", "postgres:postgres", path.toString()));
        }
    }

    private void command(String program, String... args) {
        List<String> full = new ArrayList<>(asPostgres);
        full.add(bin.resolve(program).toString());
        full.addAll(Arrays.asList(args));
        run(full);
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new FabricException("`" + String.join(" ", command) + "` did not finish in "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new FabricException("`" + String.join(" ", command) + "` exited with " + p.exitValue() + ": "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new FabricException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }

    /** The server binaries: {@code writ.pg-bin} if set, else the newest {@code /usr/lib/postgresql/<v>/bin}. */
    public static Optional<Path> findBinaries() {
        String configured = System.getProperty("writ.pg-bin", "");
        if (!configured.isEmpty()) {
            return Optional.of(Path.of(configured));
        }
        if (!Files.isDirectory(DEBIAN_BINARIES)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")) && Files.isExecutable(b.resolve("pg_basebackup")))
                    .max(Comparator.comparing(b -> majorVersion(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path binaries() {
        return findBinaries().orElseThrow(() -> new FabricException(
                "no PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) under " + DEBIAN_BINARIES
                        + "; set -Dwrit.pg-bin"));
    }

    private static int majorVersion(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
