package dev.writ.bench;

import dev.writ.fabric.NodeConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The storage floor: one client, autocommit, a one-row INSERT into a table of its own in the
 * bench's database, each waiting for its commit to be durable ({@code synchronous_commit = on} on
 * PostgreSQL). Nothing the node does durably can be faster than this, so latencies are also given
 * as multiples of it.
 */
public final class FloorInsert {
    static final String TABLE = "writ_bench_floor";

    private FloorInsert() {
    }

    /** {@code warmup} unmeasured inserts, then {@code inserts} measured ones; latencies in µs. */
    public static LatencySummary measure(NodeConfig.Journal db, int warmup, int inserts) {
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                if (db.url().startsWith("jdbc:postgresql:")) {
                    s.execute("SET synchronous_commit = on");
                }
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id BIGINT PRIMARY KEY, at_nanos BIGINT NOT NULL)");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (id, at_nanos) VALUES (?, ?)")) {
                for (int i = 0; i < warmup + inserts; i++) {
                    long t0 = System.nanoTime();
                    insert.setLong(1, i);
                    insert.setLong(2, t0);
                    insert.executeUpdate();
                    if (i >= warmup) {
                        h.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the floor insert failed on " + db.url() + ": " + e.getMessage(), e);
        }
        return LatencySummary.of(h);
    }
}
