package dev.writ.node.siem;

import dev.writ.contracts.sql.SqlScript;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The exporter's durable cursor ({@code writ_siem_cursor}, in the domain's database): per lane and
 * sink, the first seq the sink has not acknowledged. Only this node writes its lanes' rows.
 */
final class SiemCursor {
    private static final String RESOURCE = "writ/sql/siem.sql";
    /** Advisory lock key of this script ("siem" in ASCII), apart from the evidence schema's. */
    private static final long SCHEMA_LOCK = 0x7369656dL;

    private final DataSource dataSource;
    private final String domain;
    private final int timeoutSeconds;
    private final Map<String, Long> known = new HashMap<>();

    SiemCursor(DataSource dataSource, String domain, int timeoutSeconds) {
        this.dataSource = dataSource;
        this.domain = domain;
        this.timeoutSeconds = timeoutSeconds;
    }

    void createSchema() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SqlScript.apply(connection, SqlScript.statements(RESOURCE), SCHEMA_LOCK);
        }
    }

    /** The first seq of {@code lane} that {@code sink} has not acknowledged (0 for a lane never exported). */
    long next(String lane, String sink) throws SQLException {
        Long cached = known.get(key(lane, sink));
        if (cached != null) {
            return cached;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT next_seq FROM writ_siem_cursor WHERE domain = ? AND lane = ? AND sink = ?")) {
            query.setQueryTimeout(timeoutSeconds);
            query.setString(1, domain);
            query.setString(2, lane);
            query.setString(3, sink);
            try (ResultSet rows = query.executeQuery()) {
                long next = rows.next() ? rows.getLong(1) : 0;
                known.put(key(lane, sink), next);
                return next;
            }
        }
    }

    /** Records that {@code sink} holds every record of {@code lane} below {@code nextSeq}. */
    void advance(String lane, String sink, long nextSeq) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (execute(connection, "UPDATE writ_siem_cursor SET next_seq = ? WHERE domain = ? AND lane = ? AND sink = ?",
                    lane, sink, nextSeq) == 0) {
                execute(connection, "INSERT INTO writ_siem_cursor (next_seq, domain, lane, sink) VALUES (?, ?, ?, ?)",
                        lane, sink, nextSeq);
            }
        }
        known.put(key(lane, sink), nextSeq);
    }

    /** Runs {@code sql} with its parameters in this order: next_seq, domain, lane, sink. */
    private int execute(Connection connection, String sql, String lane, String sink, long nextSeq) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(timeoutSeconds);
            statement.setLong(1, nextSeq);
            statement.setString(2, domain);
            statement.setString(3, lane);
            statement.setString(4, sink);
            return statement.executeUpdate();
        }
    }

    private static String key(String lane, String sink) {
        return lane + "\u0000" + sink;
    }
}
