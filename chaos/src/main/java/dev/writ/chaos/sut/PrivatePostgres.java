package dev.writ.chaos.sut;

import dev.writ.fabric.FreePorts;
import dev.writ.fabric.region.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server of the drill's own ({@code initdb} + {@code pg_ctl} from the machine's
 * PostgreSQL package), on a free port and the address the nodes can reach, so the db-outage
 * nemesis can stop it (immediate shutdown: a crash, as far as the nodes can tell) and start it
 * again without touching the machine's shared server. As root it runs as the {@code postgres}
 * user (PostgreSQL refuses to run as root). Trust authentication; data in a temporary directory
 * deleted on close.
 */
public final class PrivatePostgres implements DrillDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(PrivatePostgres.class);
    /** How the directories of drill PostgreSQL servers are named, under java.io.tmpdir (DrillLeftovers). */
    static final String DIR_PREFIX = "writ-drill-pg-";

    private static final List<String> AS_POSTGRES = List.of("runuser", "-u", "postgres", "--");

    private final Path bin;
    private final Path dir;
    private final String address;
    private final int port;
    private final List<String> asPostgres;
    private volatile boolean running;

    private PrivatePostgres(Path bin, Path dir, String address, int port, List<String> asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /**
     * Creates a cluster and starts it listening on {@code address}; its directory and binaries are
     * written down in {@code state} before anything runs there.
     */
    public static PrivatePostgres start(String address, DrillState state) {
        Path bin = PostgresServer.findBinaries().orElseThrow(() -> new DrillSetupException(
                "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql; set -Dwrit.pg-bin"));
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory(DIR_PREFIX);
            state.record(DrillState.POSTGRES_DIR, dir.toString());
            state.record(DrillState.POSTGRES_BIN, bin.toString());
            Files.createDirectories(dir.resolve("sock"));
            List<String> asPostgres = root ? AS_POSTGRES : List.of();
            if (root) {
                Commands.run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            }
            PrivatePostgres pg = new PrivatePostgres(bin, dir, address, FreePorts.allocate(1)[0], asPostgres);
            pg.command("initdb", "-D", pg.data(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
            // initdb trusts only loopback hosts; the nodes connect from the drill's bridge subnet
            Files.writeString(Path.of(pg.data(), "pg_hba.conf"), "host all all samenet trust\n",
                    java.nio.file.StandardOpenOption.APPEND);
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new DrillSetupException("cannot make a directory for the drill's PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Starts the server (after {@link #stop}); returns once it accepts connections. */
    public synchronized void startServer() {
        command("pg_ctl", "-D", data(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir.resolve("sock") + " -c listen_addresses=" + address
                        + " -c max_connections=200", "start");
        running = true;
        LOG.info("Drill PostgreSQL up on {}:{} ({})", address, port, dir);
    }

    /** Stops the server at once (immediate mode: no checkpoint, crash recovery on the next start). */
    public synchronized void stop() {
        command("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
        running = false;
        LOG.info("Drill PostgreSQL on {}:{} stopped", address, port);
    }

    public boolean running() {
        return running;
    }

    @Override
    public String baseUrl() {
        return "jdbc:postgresql://" + address + ":" + port + "/";
    }

    @Override
    public String describe() {
        return "private PostgreSQL (" + bin.getParent().getFileName() + ") on " + address + ":" + port;
    }

    @Override
    public synchronized void close() {
        if (running) {
            Commands.attempt(withUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop")));
            running = false;
        }
        deleteTree(dir);
    }

    /** Deletes {@code dir} and everything in it; what cannot be deleted is logged and left. */
    static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dir, e.getMessage());
        }
    }

    /** {@code command} as the user PostgreSQL runs as: postgres when this process is root. */
    static List<String> asServerUser(List<String> command) {
        List<String> full = new ArrayList<>("root".equals(System.getProperty("user.name")) ? AS_POSTGRES : List.of());
        full.addAll(command);
        return full;
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void command(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(bin.resolve(program).toString());
        command.addAll(Arrays.asList(args));
        Commands.run(withUser(command));
    }

    private List<String> withUser(List<String> command) {
        List<String> full = new ArrayList<>(asPostgres);
        full.addAll(command);
        return full;
    }
}
