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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Path data;
    private final int port;
    private final List<String> settings;
    private final List<String> asPostgres;

    private PostgresServer(Path bin, Path dir, Path data, int port, List<String> settings) {
        this.bin = bin;
        this.dir = dir;
        this.data = data;
        this.port = port;
        this.settings = List.copyOf(settings);
        this.asPostgres = "root".equals(System.getProperty("user.name"))
                ? List.of("runuser", "-u", "postgres", "--") : List.of();
    }

    /**
     * A new primary's data directory under {@code dir} ({@code initdb}, with data checksums so that
     * a lost primary can later be rewound into a standby with {@code pg_rewind}); not started.
     * {@code settings} go on the command line of every start; {@code persistent} into
     * {@code postgresql.auto.conf}, where {@code ALTER SYSTEM} can change them later and base
     * backups copy them.
     */
    static PostgresServer initPrimary(Path dir, List<String> settings, Map<String, String> persistent) {
        PostgresServer pg = new PostgresServer(binaries(), dir, dir.resolve("data"), FreePorts.allocate(1)[0], settings);
        pg.prepare();
        pg.command("initdb", "-D", pg.data(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8",
                "--data-checksums");
        StringBuilder conf = new StringBuilder();
        persistent.forEach((k, v) -> conf.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        pg.appendAutoConf(conf.toString());
        return pg;
    }

    /**
     * A server whose data directory {@code data} already exists (a lost primary to rejoin as a
     * standby), started on {@code port}; its log goes to {@code postgres.log} beside the directory.
     */
    public static PostgresServer existing(Path data, int port) {
        Path abs = data.toAbsolutePath();
        return new PostgresServer(binaries(), abs.getParent(), abs, port, List.of());
    }

    /**
     * A standby of the server at {@code primaryPort} (reached through that port, e.g. a relay):
     * a base backup streaming WAL, then {@code standby.signal} and a {@code primary_conninfo} that
     * names the standby {@code applicationName}, the name the primary's
     * {@code synchronous_standby_names} waits for. Not started.
     */
    static PostgresServer baseBackup(Path dir, int primaryPort, String applicationName, List<String> settings) {
        PostgresServer pg = new PostgresServer(binaries(), dir, dir.resolve("data"), FreePorts.allocate(1)[0], settings);
        pg.prepare();
        pg.baseBackupFrom("127.0.0.1", primaryPort);
        pg.followPrimary("127.0.0.1", primaryPort, applicationName);
        return pg;
    }

    /** Fills this server's (absent or empty) data directory with a base backup of the server at {@code host:port}. */
    void baseBackupFrom(String host, int primaryPort) {
        command("pg_basebackup", "-h", host, "-p", Integer.toString(primaryPort), "-U", "postgres",
                "-D", data(), "-X", "stream", "--no-sync");
    }

    /**
     * Rewinds this stopped server's data directory to the point where it diverged from the primary
     * at {@code host:port} ({@code pg_rewind}; a server that was not shut down cleanly is first
     * taken through crash recovery by {@code pg_rewind} itself); returns what it printed.
     */
    String rewindFrom(String host, int primaryPort) {
        return output("pg_rewind", "--target-pgdata", data(), "--no-sync",
                "--source-server", "host=" + host + " port=" + primaryPort + " user=postgres dbname=postgres");
    }

    /**
     * Makes this stopped server's data directory a standby of {@code host:port}: {@code standby.signal}
     * and a {@code primary_conninfo} naming it {@code applicationName}, the name the primary's
     * {@code synchronous_standby_names} lists. The line is appended, so it wins over any copied one.
     */
    void followPrimary(String host, int primaryPort, String applicationName) {
        appendAutoConf("primary_conninfo = '" + conninfo(host, primaryPort, applicationName) + "'\n");
        try {
            Files.deleteIfExists(Path.of(data(), "standby.signal"));
            Files.createFile(Path.of(data(), "standby.signal"));
            asOwner(Path.of(data()));
        } catch (IOException e) {
            throw new FabricException("cannot make " + data + " a standby: " + e.getMessage(), e);
        }
    }

    static String conninfo(String host, int port, String applicationName) {
        return "host=" + host + " port=" + port + " user=postgres application_name=" + applicationName;
    }

    private void appendAutoConf(String lines) {
        try {
            Files.writeString(Path.of(data(), "postgresql.auto.conf"), lines, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new FabricException("cannot write " + data + "/postgresql.auto.conf: " + e.getMessage(), e);
        }
    }

    /** {@code pg_controldata}'s fields of this server's data directory, by name. */
    Map<String, String> controlData() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : output("pg_controldata", "-D", data()).lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    /**
     * The transaction records ({@code pg_waldump -r Transaction}) in this server's WAL on timeline
     * {@code timeline} from {@code start} on, one line each; empty when it holds no WAL there. pg_waldump
     * ends with an error at the end of the WAL, so its exit status is not a failure.
     */
    List<String> transactionRecordsFrom(int timeline, String start) {
        return outputIgnoringStatus("pg_waldump", "-p", Path.of(data(), "pg_wal").toString(), "-t",
                Integer.toString(timeline), "-s", start, "-r", "Transaction").lines()
                .filter(l -> l.startsWith("rmgr:")).toList();
    }

    /** Moves the data directory aside to {@code <data>.before-rejoin-<n>} and returns where; nothing is deleted. */
    Path moveDataAside() {
        try {
            for (int n = 1; ; n++) {
                Path aside = data.resolveSibling(data.getFileName() + ".before-rejoin-" + n);
                if (!Files.exists(aside)) {
                    Files.move(data, aside);
                    return aside;
                }
            }
        } catch (IOException e) {
            throw new FabricException("cannot move " + data + " aside: " + e.getMessage(), e);
        }
    }

    /** Stops the server cleanly (a checkpoint first), as an operator does before rejoining it. */
    void stop() {
        command("pg_ctl", "-D", data(), "-m", "fast", "-w", "stop");
    }

    /** The data directory. */
    public Path dataDirectory() {
        return data;
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
        return data.toString();
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
        run(commandLine(program, args), true);
    }

    private String output(String program, String... args) {
        return run(commandLine(program, args), true);
    }

    private String outputIgnoringStatus(String program, String... args) {
        return run(commandLine(program, args), false);
    }

    private List<String> commandLine(String program, String... args) {
        List<String> full = new ArrayList<>(asPostgres);
        full.add(bin.resolve(program).toString());
        full.addAll(Arrays.asList(args));
        return full;
    }

    private static void run(List<String> command) {
        run(command, true);
    }

    private static String run(List<String> command, boolean failOnStatus) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new FabricException("`" + String.join(" ", command) + "` did not finish in "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (failOnStatus && p.exitValue() != 0) {
                throw new FabricException("`" + String.join(" ", command) + "` exited with " + p.exitValue() + ": "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
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
