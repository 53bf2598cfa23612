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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A domain's database across regions (docs/regions.md): a PostgreSQL primary in one region and a
 * synchronous standby in each of one or more others, each fed over a {@link DelayRelay} that
 * stands for the link between their regions. The primary runs with {@code synchronous_commit = on}
 * and {@code synchronous_standby_names = ANY 1 (<standbys>)} ({@link SynchronousStandbys}), so a
 * commit is acknowledged only once at least one standby has flushed its WAL: an action acknowledged
 * before any one region is lost is on a surviving server (RPO 0). Nodes use {@link #baseUrl}, a
 * multi-host URL with {@code targetServerType=primary}: the driver tries every server and settles
 * on whichever accepts writes, so after {@link #promoteMostAdvanced} they follow it without a change
 * of configuration. Servers are named (their {@code application_name}), in the fabric by their regions.
 */
public final class ReplicatedDatabase implements AutoCloseable {
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
    /** Settings on every start; the synchronous standbys are in postgresql.auto.conf, where ALTER SYSTEM changes them. */
    private static final List<String> SETTINGS = List.of("synchronous_commit=on", "wal_sender_timeout=5s");

    /**
     * WAL every server keeps past its checkpoints. pg_rewind reads a lost primary's WAL back to the
     * last checkpoint the servers share, and the crash recovery it runs first (in single-user mode,
     * with the settings in the data directory's files, not those of the command line) would
     * otherwise remove that WAL.
     */
    private static final String WAL_KEPT = "128MB";

    /** A promotion: the standby promoted, every standby's position when it was chosen, how long promotion took. */
    public record Promotion(String promoted, List<StandbyPosition> positions, Duration took) {
    }

    private final Path dir;
    private final Duration linkDelay;
    private final Map<String, PostgresServer> servers;
    /** Per standby, the relay it reaches its primary through. */
    private final Map<String, DelayRelay> upstreamLinks = new LinkedHashMap<>();
    private final Set<String> lost = new LinkedHashSet<>();
    private String primary;

    private ReplicatedDatabase(Path dir, Duration linkDelay, Map<String, PostgresServer> servers, String primary) {
        this.dir = dir;
        this.linkDelay = linkDelay;
        this.servers = servers;
        this.primary = primary;
    }

    /** A primary {@code primary} and one synchronous standby {@code standby}; see {@link #start(Path, Duration, List)}. */
    public static ReplicatedDatabase start(Path dir, Duration linkDelay) {
        return start(dir, linkDelay, List.of("primary", "standby"));
    }

    /**
     * Creates and starts the servers under {@code dir} — the first of {@code names} the primary, each
     * other a standby of it — and returns once every standby replicates synchronously;
     * {@code linkDelay} is the one-way delay of each replication link.
     */
    public static ReplicatedDatabase start(Path dir, Duration linkDelay, List<String> names) {
        if (names.size() < 2) {
            throw new IllegalArgumentException("a replicated database has a primary and at least one standby, got " + names);
        }
        SynchronousStandbys standbys = new SynchronousStandbys(names.subList(1, names.size()));
        Map<String, PostgresServer> servers = new LinkedHashMap<>();
        PostgresServer first = PostgresServer.initPrimary(dir.resolve(names.get(0)), SETTINGS,
                Map.of("synchronous_standby_names", standbys.setting(), "wal_keep_size", WAL_KEPT));
        servers.put(names.get(0), first);
        ReplicatedDatabase db = new ReplicatedDatabase(dir, linkDelay, servers, names.get(0));
        try {
            first.start();
            for (String name : standbys.names()) {
                DelayRelay link = db.linkTo(name, first);
                PostgresServer standby = PostgresServer.baseBackup(dir.resolve(name), link.port(), name, SETTINGS);
                servers.put(name, standby);
                standby.start();
            }
            db.awaitSynchronousStandby(SYNC_TIMEOUT);
            return db;
        } catch (RuntimeException e) {
            db.stopAll();
            throw e instanceof FabricException f ? f : new FabricException("cannot start a replicated database: " + e.getMessage(), e);
        }
    }

    /** For {@code DatabaseChoice.Postgres}: every server, in the order they were named; ends with '/'. */
    public String baseUrl() {
        return servers.values().stream().map(s -> "127.0.0.1:" + s.port())
                .collect(Collectors.joining(",", "jdbc:postgresql://", "/"));
    }

    /** The server that is primary now. */
    public String primary() {
        return primary;
    }

    /** Server {@code name}: to read it directly, or start a lost one as an operator might. */
    public PostgresServer server(String name) {
        PostgresServer s = servers.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no server " + name + " among " + servers.keySet());
        }
        return s;
    }

    /** For reports: each server and its role. */
    public String describe() {
        return servers.entrySet().stream().map(e -> e.getKey() + " :" + e.getValue().port()
                        + (e.getKey().equals(primary) ? " (primary)" : lost.contains(e.getKey()) ? " (lost)" : " (standby)"))
                .collect(Collectors.joining(", "));
    }

    /** The primary's region is lost: the primary stops at once and every replication link to it is cut. */
    public void losePrimary() {
        servers.get(primary).kill();
        lost.add(primary);
        upstreamLinks.values().forEach(DelayRelay::cut);
    }

    /** Promotes the most advanced standby ({@link #promoteMostAdvanced}) and returns how long promotion took. */
    public Duration promoteStandby() {
        return promoteMostAdvanced().took();
    }

    /**
     * Promotes the standby that received the most WAL ({@link StandbyPosition#mostAdvanced}) and points
     * every other running standby at it, over a new link, as its synchronous standbys (quorum); returns
     * once they stream synchronously. The old primary must be lost (fenced) first.
     */
    public Promotion promoteMostAdvanced() {
        if (!lost.contains(primary)) {
            throw new IllegalStateException("promotion with primary " + primary + " running would make two primaries;"
                    + " lose (fence) it first");
        }
        List<StandbyPosition> positions = new ArrayList<>();
        for (String name : runningStandbys()) {
            positions.add(position(name));
        }
        StandbyPosition chosen = StandbyPosition.mostAdvanced(positions)
                .orElseThrow(() -> new FabricException("no standby left to promote"));
        List<String> others = runningStandbys().stream().filter(n -> !n.equals(chosen.name())).toList();
        PostgresServer next = servers.get(chosen.name());
        // the standbys it waits for are set before it accepts a write, so its first commit already needs one
        try (Connection c = connect(next)) {
            StandbyRejoin.setSynchronousStandbys(c, new SynchronousStandbys(others));
        } catch (SQLException e) {
            throw new FabricException("cannot set the synchronous standbys of " + chosen.name() + ": " + e.getMessage(), e);
        }
        Instant start = Instant.now();
        next.promote();
        Duration took = Duration.between(start, Instant.now());
        Optional.ofNullable(upstreamLinks.remove(chosen.name())).ifPresent(DelayRelay::close);
        primary = chosen.name();
        for (String other : others) {
            repoint(other);
        }
        for (String other : others) {
            StandbyRejoin.awaitSynchronous(StandbyRejoin.url("127.0.0.1", next.port()), other, SYNC_TIMEOUT);
        }
        return new Promotion(chosen.name(), List.copyOf(positions), took);
    }

    /**
     * Rejoins lost server {@code name} (its region back) as a synchronous standby of the current
     * primary, over a new link ({@link StandbyRejoin}); refused while it still accepts writes or when
     * it would discard commits, unless {@code discardDivergedCommits}.
     */
    public StandbyRejoin.Outcome rejoin(String name, boolean discardDivergedCommits) {
        if (!lost.contains(name)) {
            throw new IllegalArgumentException(name + " is not a lost server (lost: " + lost + ")");
        }
        DelayRelay link = linkTo(name, servers.get(primary));
        StandbyRejoin.Outcome outcome = new StandbyRejoin("127.0.0.1", link.port())
                .rejoin(servers.get(name), name, discardDivergedCommits, SYNC_TIMEOUT);
        lost.remove(name);
        return outcome;
    }

    /** Waits until the primary reports every running standby streaming as a synchronous one ({@code sync} or {@code quorum}). */
    public void awaitSynchronousStandby(Duration timeout) {
        String url = StandbyRejoin.url("127.0.0.1", servers.get(primary).port());
        for (String name : runningStandbys()) {
            StandbyRejoin.awaitSynchronous(url, name, timeout);
        }
    }

    /** The primary's view of its standbys: {@code application_name} to {@code sync_state}. */
    public Map<String, String> syncStates() {
        Map<String, String> states = new LinkedHashMap<>();
        try (Connection c = connect(servers.get(primary)); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT application_name, sync_state FROM pg_stat_replication ORDER BY 1")) {
            while (r.next()) {
                states.put(r.getString(1), r.getString(2));
            }
        } catch (SQLException e) {
            throw new FabricException("cannot read the replication state of " + primary + ": " + e.getMessage(), e);
        }
        return states;
    }

    private List<String> runningStandbys() {
        return servers.keySet().stream().filter(n -> !n.equals(primary) && !lost.contains(n)).toList();
    }

    private StandbyPosition position(String name) {
        try (Connection c = connect(servers.get(name)); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text")) {
            r.next();
            return new StandbyPosition(name, Optional.ofNullable(r.getString(1)).map(Lsn::parse), Lsn.parse(r.getString(2)));
        } catch (SQLException e) {
            throw new FabricException("cannot read how far standby " + name + " got: " + e.getMessage(), e);
        }
    }

    /** Points running standby {@code name} at the current primary over a new link, without a restart. */
    private void repoint(String name) {
        DelayRelay link = linkTo(name, servers.get(primary));
        try (Connection c = connect(servers.get(name)); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET primary_conninfo = '" + PostgresServer.conninfo("127.0.0.1", link.port(), name) + "'");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new FabricException("cannot point standby " + name + " at " + primary + ": " + e.getMessage(), e);
        }
    }

    /** A new replication link from standby {@code name} to {@code upstream}, replacing its old one. */
    private DelayRelay linkTo(String name, PostgresServer upstream) {
        Optional.ofNullable(upstreamLinks.remove(name)).ifPresent(DelayRelay::close);
        try {
            DelayRelay link = DelayRelay.start("replication " + name, new InetSocketAddress("127.0.0.1", upstream.port()),
                    linkDelay);
            upstreamLinks.put(name, link);
            return link;
        } catch (IOException e) {
            throw new FabricException("cannot open a replication link for " + name + ": " + e.getMessage(), e);
        }
    }

    private static Connection connect(PostgresServer server) throws SQLException {
        return DriverManager.getConnection(StandbyRejoin.url("127.0.0.1", server.port()), "postgres", "");
    }

    private void stopAll() {
        servers.values().forEach(PostgresServer::stopQuietly);
        upstreamLinks.values().forEach(DelayRelay::close);
    }

    @Override
    public void close() {
        stopAll();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover directory under the test's or fabric's work directory
        }
    }
}
