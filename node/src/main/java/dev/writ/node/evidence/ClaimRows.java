package dev.writ.node.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;

/**
 * The SQL of the claim tables, {@code writ_claims}, {@code writ_outcome_claims} and
 * {@code writ_proposal_claims} (writ/sql/evidence.sql), on a connection the caller holds. The table
 * is the claim's ({@link WritClaim.Outcome#table()}, or the proposal claims'), never outside input.
 */
final class ClaimRows {
    private static final String INSERT_WRIT = "INSERT INTO %s (writ_domain, jti, outcome, claimed_at_millis, node_id)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String SELECT_WRIT = "SELECT writ_domain, jti, outcome, claimed_at_millis, node_id FROM %s"
            + " WHERE writ_domain = ? AND jti = ?";
    private static final String INSERT_PROPOSAL = "INSERT INTO writ_proposal_claims"
            + " (domain, agent_id, proposal_id, proposal_hash, admission_id, claimed_at_millis) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String SELECT_PROPOSAL = "SELECT proposal_hash, admission_id, claimed_at_millis"
            + " FROM writ_proposal_claims WHERE domain = ? AND agent_id = ? AND proposal_id = ?";

    private ClaimRows() {
    }

    /** Where the claim's row sorts: a group inserts its claims in this order, so two groups never wait on each other in a cycle. */
    static String key(Claim claim) {
        return claim instanceof WritClaim w ? w.key() : ((ProposalClaim) claim).key();
    }

    /** Refuses a claim its table cannot hold, before it can share a transaction with anyone's records. */
    static void requireStorable(Claim claim) {
        if (claim instanceof WritClaim w) {
            w.requireStorable();
        } else {
            ((ProposalClaim) claim).requireStorable();
        }
    }

    /**
     * Inserts the claim in the connection's transaction; true when this transaction holds it now,
     * false when the key was taken (by a committed transaction, or earlier in this one). A row another
     * open transaction inserted makes this wait for its outcome: the database decides, once.
     */
    static boolean insert(Connection connection, Dialect dialect, Claim claim, int timeoutSeconds) throws SQLException {
        String sql = claim instanceof WritClaim w ? INSERT_WRIT.formatted(w.outcome().table()) : INSERT_PROPOSAL;
        // PostgreSQL answers a taken key with no row; an error there would abort the whole transaction.
        // H2 has no ON CONFLICT outside its PostgreSQL mode and raises the unique violation, which undoes
        // only the statement; a savepoint makes that explicit rather than relying on it.
        if (dialect == Dialect.POSTGRES) {
            try (PreparedStatement insert = connection.prepareStatement(sql + " ON CONFLICT DO NOTHING")) {
                bind(insert, claim, timeoutSeconds);
                return insert.executeUpdate() == 1;
            }
        }
        Savepoint before = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
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

    /** The row that holds {@code claim}'s key, as the connection sees it now. */
    static Optional<Claim> held(Connection connection, Claim claim, int timeoutSeconds) throws SQLException {
        if (claim instanceof WritClaim w) {
            return read(connection, w.outcome().table(), w.writDomain(), w.jti(), timeoutSeconds).map(c -> c);
        }
        ProposalClaim p = (ProposalClaim) claim;
        try (PreparedStatement query = connection.prepareStatement(SELECT_PROPOSAL)) {
            query.setQueryTimeout(timeoutSeconds);
            query.setString(1, p.domain());
            query.setString(2, p.agentId());
            query.setString(3, p.proposalId());
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ProposalClaim(p.domain(), p.agentId(), p.proposalId(), rows.getBytes(1),
                        rows.getString(2), rows.getLong(3)));
            }
        }
    }

    /** The claim of {@code jti} of {@code writDomain} in {@code table}, as the connection sees it now. */
    static Optional<WritClaim> read(Connection connection, String table, String writDomain, String jti,
                                    int timeoutSeconds) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(SELECT_WRIT.formatted(table))) {
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

    private static void bind(PreparedStatement insert, Claim claim, int timeoutSeconds) throws SQLException {
        insert.setQueryTimeout(timeoutSeconds);
        if (claim instanceof WritClaim w) {
            insert.setString(1, w.writDomain());
            insert.setString(2, w.jti());
            insert.setShort(3, (short) w.outcome().code());
            insert.setLong(4, w.atMillis());
            insert.setString(5, w.nodeId());
        } else {
            ProposalClaim p = (ProposalClaim) claim;
            insert.setString(1, p.domain());
            insert.setString(2, p.agentId());
            insert.setString(3, p.proposalId());
            insert.setBytes(4, p.proposalHash());
            insert.setString(5, p.admissionId());
            insert.setLong(6, p.claimedAtMillis());
        }
    }
}
