package dev.writ.node;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of a test's own ({@code initdb} + {@code pg_ctl} of the machine's PostgreSQL,
 * newest version under /usr/lib/postgresql), on a free loopback port with its data under
 * {@code dir}, so a test can stop it (immediate mode: a crash, to the node) and start it again
 * without touching the shared server on 5432. As root it runs as the {@code postgres} user.
 */
public final class OwnPostgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final int port;
    private final List<String> asPostgres;
    private boolean running;

    private OwnPostgres(Path bin, Path dir, int port, List<String> asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** Creates a cluster in {@code dir} (which must not exist yet) and starts it. */
    public static OwnPostgres start(Path dir) throws IOException, InterruptedException {
        Path bin;
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString()
                            .replaceAll("\\..*", ""))))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under /usr/lib/postgresql"));
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.createDirectories(dir.resolve("sock"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        OwnPostgres pg = new OwnPostgres(bin, dir, port, root ? List.of("runuser", "-u", "postgres", "--") : List.of());
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
        }
        pg.command("initdb", "-D", pg.data(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        pg.startServer();
        return pg;
    }

    /** Starts the server (again); returns once it accepts connections. */
    public synchronized void startServer() throws IOException, InterruptedException {
        command("pg_ctl", "-D", data(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir.resolve("sock") + " -c listen_addresses=127.0.0.1", "start");
        running = true;
    }

    /** Stops the server at once: no checkpoint, connections cut; to a client, the database crashed. */
    public synchronized void stop() throws IOException, InterruptedException {
        command("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
        running = false;
    }

    /** The JDBC URL of database {@code postgres} on this server. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (running) {
            stop();
        }
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    private void command(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(asPostgres);
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
