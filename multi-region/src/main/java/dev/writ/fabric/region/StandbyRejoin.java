package dev.writ.fabric.region;

import dev.writ.fabric.FabricException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a lost primary, back after its region returned, a synchronous standby of the server promoted
 * in its place (docs/regions.md, "Rebuilding the old primary as a standby"). It refuses, changing
 * nothing, when the server to rejoin still accepts writes (never two primaries) or holds commits the
 * new primary lacks (past the point where their timelines diverged), unless the operator accepts
 * discarding those. With data checksums or {@code wal_log_hints} it rewinds the data directory
 * ({@code pg_rewind}); otherwise, or if the rewind fails, it moves the directory aside (nothing is
 * deleted) and takes a fresh base backup. Then it starts the server following the primary under
 * {@code name}, adds {@code name} to the primary's {@code synchronous_standby_names} (quorum,
 * {@link SynchronousStandbys}) and returns once the primary reports it synchronous.
 */
public final class StandbyRejoin {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyRejoin.class);

    /** How the data directory was made a standby's. */
    public enum Method { REWIND, BASE_BACKUP }

    /**
     * What a rejoin did: how, why that way, where the timelines diverged, how many diverged commits
     * were discarded (with the operator's consent), where an old data directory was kept, and the
     * primary's {@code sync_state} for the rejoined standby ({@code sync} or {@code quorum}).
     */
    public record Outcome(Method method, String why, Lsn divergedAt, int discardedCommits, Optional<Path> keptAside,
                          String syncState) {
    }

    private final String primaryHost;
    private final int primaryPort;

    /** A rejoin onto the primary at {@code primaryHost:primaryPort}, as the server to rejoin reaches it. */
    public StandbyRejoin(String primaryHost, int primaryPort) {
        this.primaryHost = primaryHost;
        this.primaryPort = primaryPort;
    }

    /**
     * Rejoins {@code target} (its data directory and the port it serves on) as standby {@code name}.
     *
     * @param discardDivergedCommits the operator accepts losing commits the target holds past the
     *     divergence; with synchronous commit none of them was acknowledged to a client
     * @throws RejoinRefusal.Refused when it refuses; nothing was changed on either server (a target
     *     found running as a standby has been stopped cleanly, nothing more)
     */
    public Outcome rejoin(PostgresServer target, String name, boolean discardDivergedCommits, Duration syncTimeout) {
        SynchronousStandbys.checkName(name);
        String primaryUrl = url(primaryHost, primaryPort);
        String primarySystem;
        TimelineHistory history;
        Lsn primaryPosition;
        try (Connection c = DriverManager.getConnection(primaryUrl, "postgres", "")) {
            if (bool(c, "SELECT pg_is_in_recovery()")) {
                throw RejoinRefusal.PRIMARY_IN_RECOVERY.refuse(primaryHost + ":" + primaryPort + " is a standby; rejoin"
                        + " follows the promoted primary");
            }
            primarySystem = text(c, "SELECT system_identifier::text FROM pg_control_system()");
            primaryPosition = Lsn.parse(text(c, "SELECT pg_current_wal_lsn()::text"));
            int timeline = Integer.parseInt(text(c, "SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"), 16);
            history = TimelineHistory.parse(timeline, timeline == 1 ? "" : text(c, "SELECT pg_read_file('pg_wal/"
                    + String.format("%08X", timeline) + ".history')"));
        } catch (SQLException e) {
            throw RejoinRefusal.PRIMARY_UNREACHABLE.refuse(primaryHost + ":" + primaryPort + ": " + e.getMessage());
        }
        stopIfStandby(target);
        Map<String, String> control = target.controlData();
        if (!primarySystem.equals(control.get("Database system identifier"))) {
            throw RejoinRefusal.OTHER_CLUSTER.refuse(target.dataDirectory() + " is database system "
                    + control.get("Database system identifier") + ", the primary " + primarySystem);
        }
        int targetTimeline = Math.max(Integer.parseInt(control.getOrDefault("Latest checkpoint's TimeLineID", "0")),
                Integer.parseInt(control.getOrDefault("Min recovery ending loc's timeline", "0")));
        TimelineHistory.Divergence divergence = history.divergenceOf(targetTimeline);
        Lsn divergedAt;
        if (divergence instanceof TimelineHistory.Divergence.Ancestor ancestor) {
            divergedAt = ancestor.switchPoint();
        } else if (divergence instanceof TimelineHistory.Divergence.SameTimeline) {
            divergedAt = primaryPosition;
        } else {
            throw RejoinRefusal.UNRELATED_TIMELINE.refuse(target.dataDirectory() + " is on timeline " + targetTimeline
                    + ", which the primary's history (timeline " + history.current() + ", switch points "
                    + history.switchPoints() + ") does not contain");
        }
        List<String> commits = target.transactionRecordsFrom(targetTimeline, divergedAt.toString()).stream()
                .filter(r -> r.contains("desc: COMMIT")).toList();
        if (!commits.isEmpty() && !discardDivergedCommits) {
            throw RejoinRefusal.WOULD_DISCARD_COMMITS.refuse(target.dataDirectory() + " holds " + commits.size()
                    + " commit(s) on timeline " + targetTimeline + " after " + divergedAt + ", where it diverged from the"
                    + " primary, which does not have them (the first: " + commits.get(0).strip() + "). With synchronous"
                    + " commit none was acknowledged to a client; rejoin with --discard-diverged-commits to drop them,"
                    + " or copy what you need out of the directory first");
        }
        Method method;
        String why;
        Optional<Path> aside = Optional.empty();
        if (!"0".equals(control.get("Data page checksum version")) || "on".equals(control.get("wal_log_hints setting"))) {
            try {
                checkpoint(primaryUrl);
                LOG.info("pg_rewind of {}: {}", target.dataDirectory(), target.rewindFrom(primaryHost, primaryPort).strip());
                method = Method.REWIND;
                why = "data checksums or wal_log_hints let pg_rewind undo what diverged";
            } catch (FabricException e) {
                LOG.warn("pg_rewind of {} failed ({}); taking a fresh base backup instead", target.dataDirectory(),
                        e.getMessage());
                aside = Optional.of(target.moveDataAside());
                target.baseBackupFrom(primaryHost, primaryPort);
                method = Method.BASE_BACKUP;
                why = "pg_rewind failed: " + e.getMessage();
            }
        } else {
            aside = Optional.of(target.moveDataAside());
            target.baseBackupFrom(primaryHost, primaryPort);
            method = Method.BASE_BACKUP;
            why = "neither data checksums nor wal_log_hints: pg_rewind cannot be used";
        }
        target.followPrimary(primaryHost, primaryPort, name);
        target.start();
        String syncState = makeSynchronous(primaryUrl, name, syncTimeout);
        LOG.info("Rejoined {} as standby {} of {}:{} by {} (diverged at {} on timeline {}, {} diverged commit(s)"
                        + " discarded), sync_state {}", target.dataDirectory(), name, primaryHost, primaryPort, method,
                divergedAt, targetTimeline, commits.size(), syncState);
        return new Outcome(method, why, divergedAt, commits.size(), aside, syncState);
    }

    /** A running target that accepts writes is refused; a running standby is stopped cleanly to be repointed. */
    private static void stopIfStandby(PostgresServer target) {
        boolean inRecovery;
        try (Connection c = DriverManager.getConnection(url("127.0.0.1", target.port()), "postgres", "")) {
            inRecovery = bool(c, "SELECT pg_is_in_recovery()");
        } catch (SQLException e) {
            return; // not running: the usual case, its region was lost
        }
        if (!inRecovery) {
            throw RejoinRefusal.TARGET_IS_PRIMARY.refuse(target.dataDirectory() + " runs on port " + target.port()
                    + " and accepts writes: stop it (fence it) first; a rejoin never leaves two primaries");
        }
        target.stop();
    }

    /**
     * pg_rewind reads the source's timeline from its control file, which a promoted server updates
     * only at its next checkpoint: without one, just after a promotion it finds both on the old
     * timeline and rewinds nothing.
     */
    private static void checkpoint(String primaryUrl) {
        try (Connection c = DriverManager.getConnection(primaryUrl, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new FabricException("cannot checkpoint the primary at " + primaryUrl + " before pg_rewind: "
                    + e.getMessage(), e);
        }
    }

    /** Adds {@code name} to the primary's quorum and waits until it streams as a synchronous standby. */
    static String makeSynchronous(String primaryUrl, String name, Duration timeout) {
        try (Connection c = DriverManager.getConnection(primaryUrl, "postgres", "")) {
            SynchronousStandbys now = SynchronousStandbys.parse(text(c, "SHOW synchronous_standby_names"));
            setSynchronousStandbys(c, now.with(name));
        } catch (SQLException e) {
            throw new FabricException("cannot add " + name + " to the synchronous standbys at " + primaryUrl + ": "
                    + e.getMessage(), e);
        }
        return awaitSynchronous(primaryUrl, name, timeout);
    }

    /** Sets {@code synchronous_standby_names} with {@code ALTER SYSTEM} and reloads the configuration. */
    static void setSynchronousStandbys(Connection c, SynchronousStandbys standbys) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = '" + standbys.setting() + "'");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /**
     * Waits until the primary at {@code primaryUrl} reports {@code name} streaming as {@code sync} or
     * {@code quorum} and flushed up to the primary's position when the wait began. The position
     * matters: a standby left on an abandoned timeline streams that timeline's end from its new
     * primary, briefly "streaming", and then stops.
     */
    static String awaitSynchronous(String primaryUrl, String name, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String lastSeen = "no replication connection";
        String from = null;
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = DriverManager.getConnection(primaryUrl, "postgres", "");
                 Statement s = c.createStatement()) {
                if (from == null) {
                    from = text(c, "SELECT pg_current_wal_lsn()::text");
                }
                try (ResultSet r = s.executeQuery("SELECT state, sync_state, flush_lsn::text, flush_lsn >= '" + from
                        + "'::pg_lsn FROM pg_stat_replication WHERE application_name = '" + name + "'")) {
                    while (r.next()) {
                        lastSeen = r.getString(1) + "/" + r.getString(2) + ", flushed " + r.getString(3) + " of " + from;
                        if ("streaming".equals(r.getString(1)) && List.of("sync", "quorum").contains(r.getString(2))
                                && r.getBoolean(4)) {
                            return r.getString(2);
                        }
                    }
                }
                Thread.sleep(200);
            } catch (SQLException e) {
                lastSeen = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FabricException("interrupted while waiting for standby " + name, e);
            }
        }
        throw new FabricException("standby " + name + " did not become synchronous within " + timeout + " (" + lastSeen
                + ")");
    }

    static String url(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/postgres";
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getBoolean(1);
        }
    }
}
