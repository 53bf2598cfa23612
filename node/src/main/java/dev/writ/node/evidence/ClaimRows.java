package dev.writ.node.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;

/**
 * The SQL of the claim tables, {@code writ_claims} and {@code writ_outcome_claims}
 * (writ/sql/evidence.sql), on a connection the caller holds. The table is the claim's
 * ({@link WritClaim.Outcome#table()}), never outside input.
 */
final class ClaimRows {
    private static final String INSERT = "INSERT INTO %s (writ_domain, jti, outcome, claimed_at_millis, node_id)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT writ_domain, jti, outcome, claimed_at_millis, node_id FROM %s"
            + " WHERE writ_domain = ? AND jti = ?";

    private ClaimRows() {
    }

    /**
     * Inserts the claim in the connection's transaction; true when this transaction holds it now,
     * false when the key was taken (by a committed transaction, or earlier in this one). A row another
     * open transaction inserted makes this wait for its outcome: the database decides, once.
     */
    static boolean insert(Connection connection, Dialect dialect, WritClaim claim, int timeoutSeconds) throws SQLException {
        // PostgreSQL answers a taken key with no row; an error there would abort the whole transaction.
        // H2 has no ON CONFLICT outside its PostgreSQL mode and raises the unique violation, which undoes
        // only the statement; a savepoint makes that explicit rather than relying on it.
        if (dialect == Dialect.POSTGRES) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT.formatted(claim.outcome().table())
                + " ON CONFLICT DO NOTHING")) {
                bind(insert, claim, timeoutSeconds);
                return insert.executeUpdate() == 1;
            }
        }
        Savepoint before = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(INSERT.formatted(claim.outcome().table()))) {
            bind(insert, claim, timeoutSeconds);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (EvidenceStore.isUniqueViolation(e)) {
                connection.rollback(before);
                return false;
            }
            throw e;
        }
    }

    /** The claim of {@code jti} of {@code writDomain} in {@code table}, as the connection sees it now. */
    static Optional<WritClaim> read(Connection connection, String table, String writDomain, String jti,
                                    int timeoutSeconds) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(SELECT.formatted(table))) {
            query.setQueryTimeout(timeoutSeconds);
            query.setString(1, writDomain);
            query.setString(2, jti);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new WritClaim(rows.getString(1), rows.getString(2),
                        WritClaim.Outcome.of(rows.getShort(3)), rows.getLong(4), rows.getString(5)));
            }
        }
    }

    private static void bind(PreparedStatement insert, WritClaim claim, int timeoutSeconds) throws SQLException {
        insert.setQueryTimeout(timeoutSeconds);
        insert.setString(1, claim.writDomain());
        insert.setString(2, claim.jti());
        insert.setShort(3, (short) claim.outcome().code());
        insert.setLong(4, claim.atMillis());
        insert.setString(5, claim.nodeId());
    }
}
