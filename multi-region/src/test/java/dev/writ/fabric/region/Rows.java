package dev.writ.fabric.region;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** The rows the database ITs write and read back: one table of numbered rows in database {@code postgres}. */
final class Rows {
    private Rows() {
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?")
                + "connectTimeout=5&socketTimeout=20&loginTimeout=10", "postgres", "");
    }

    /** The domain's database as nodes reach it: every server, whichever accepts writes. */
    static String primaryUrl(ReplicatedDatabase db) {
        return db.baseUrl() + "postgres?targetServerType=primary";
    }

    static String serverUrl(ReplicatedDatabase db, String server) {
        return "jdbc:postgresql://127.0.0.1:" + db.server(server).port() + "/postgres";
    }

    static void createTable(String url) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE acked (id integer PRIMARY KEY, note text)");
        }
    }

    /** Inserts rows {@code from} to {@code to - 1}, each its own commit; returns once all are acknowledged. */
    static void insert(String url, int from, int to) throws SQLException {
        try (Connection c = connect(url); PreparedStatement p = c.prepareStatement("INSERT INTO acked VALUES (?, 'acked')")) {
            for (int i = from; i < to; i++) {
                p.setInt(1, i);
                p.executeUpdate();
            }
        }
    }

    static Set<Integer> ids(String url) throws SQLException {
        Set<Integer> ids = new HashSet<>();
        try (Connection c = connect(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id FROM acked")) {
            while (r.next()) {
                ids.add(r.getInt(1));
            }
        }
        return ids;
    }

    /** Waits until standby {@code server} has replayed everything the primary has written now; returns its ids. */
    static Set<Integer> idsOnceReplayed(ReplicatedDatabase db, String server, Duration timeout) throws Exception {
        String target;
        try (Connection c = connect(serverUrl(db, db.primary())); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            r.next();
            target = r.getString(1);
        }
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try (Connection c = connect(serverUrl(db, server)); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")) {
                r.next();
                if (r.getBoolean(1)) {
                    return ids(serverUrl(db, server));
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(server + " did not replay up to " + target + " within " + timeout);
            }
            Thread.sleep(100);
        }
    }
}
