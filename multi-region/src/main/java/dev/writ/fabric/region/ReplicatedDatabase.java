package dev.writ.fabric.region;

import dev.writ.fabric.FabricException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A domain's database across two regions (docs/regions.md): a PostgreSQL primary in one region
 * and a synchronous standby in another, fed over a {@link DelayRelay} that stands for the link
 * between them. With {@code synchronous_commit = on} and the standby named in
 * {@code synchronous_standby_names}, a commit is acknowledged only once the standby has flushed
 * its WAL, so an action acknowledged before the primary's region is lost is on the standby
 * (RPO 0). Nodes use {@link #baseUrl}, a multi-host URL with {@code targetServerType=primary}: the
 * driver tries both servers and settles on whichever accepts writes, so after {@link #promoteStandby}
 * they follow it without a change of configuration.
 */
public final class ReplicatedDatabase implements AutoCloseable {
    static final String STANDBY_NAME = "standby";

    private final Path dir;
    private final PostgresServer primary;
    private final PostgresServer standby;
    private final DelayRelay replicationLink;

    private ReplicatedDatabase(Path dir, PostgresServer primary, PostgresServer standby, DelayRelay replicationLink) {
        this.dir = dir;
        this.primary = primary;
        this.standby = standby;
        this.replicationLink = replicationLink;
    }

    /**
     * Creates and starts both servers under {@code dir} and returns once the standby replicates
     * synchronously; {@code linkDelay} is the one-way delay of the replication link.
     */
    public static ReplicatedDatabase start(Path dir, Duration linkDelay) {
        PostgresServer primary = PostgresServer.initPrimary(dir.resolve("primary"), List.of(
                "synchronous_standby_names=" + STANDBY_NAME, "synchronous_commit=on", "wal_sender_timeout=5s"));
        DelayRelay link = null;
        PostgresServer standby = null;
        try {
            primary.start();
            link = DelayRelay.start("replication", new InetSocketAddress("127.0.0.1", primary.port()), linkDelay);
            standby = PostgresServer.baseBackup(dir.resolve("standby"), link.port(), STANDBY_NAME);
            standby.start();
            ReplicatedDatabase db = new ReplicatedDatabase(dir, primary, standby, link);
            db.awaitSynchronousStandby(Duration.ofSeconds(60));
            return db;
        } catch (RuntimeException | IOException e) {
            primary.stopQuietly();
            if (standby != null) {
                standby.stopQuietly();
            }
            if (link != null) {
                link.close();
            }
            throw e instanceof FabricException f ? f : new FabricException("cannot start a replicated database: " + e.getMessage(), e);
        }
    }

    /** For {@code DatabaseChoice.Postgres}: both servers, the primary first; ends with '/'. */
    public String baseUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port() + "/";
    }


    public DelayRelay replicationLink() {
        return replicationLink;
    }

    /** The primary's region is lost: the primary stops at once and its replication link is cut. */
    public void losePrimary() {
        primary.kill();
        replicationLink.cut();
    }

    /** Promotes the standby and returns how long promotion took until it accepted writes. */
    public Duration promoteStandby() {
        Instant start = Instant.now();
        standby.promote();
        return Duration.between(start, Instant.now());
    }

    /** Waits until the primary reports the standby as its synchronous one, streaming. */
    public void awaitSynchronousStandby(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String lastSeen = "no replication connection";
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + primary.port() + "/postgres",
                    "postgres", "");
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT state, sync_state FROM pg_stat_replication WHERE application_name = '"
                         + STANDBY_NAME + "'")) {
                if (r.next()) {
                    lastSeen = r.getString(1) + "/" + r.getString(2);
                    if ("streaming".equals(r.getString(1)) && "sync".equals(r.getString(2))) {
                        return;
                    }
                }
                Thread.sleep(200);
            } catch (SQLException e) {
                lastSeen = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FabricException("interrupted while waiting for the standby", e);
            }
        }
        throw new FabricException("the standby did not become synchronous within " + timeout + " (" + lastSeen + ")");
    }

    @Override
    public void close() {
        standby.stopQuietly();
        primary.stopQuietly();
        replicationLink.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover directory under the test's or fabric's work directory
        }
    }
}
