package dev.writ.node.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of the claim tables, {@code writ_claims}, {@code writ_outcome_claims} and
 * {@code writ_proposal_claims} (writ/sql/evidence.sql), on a connection the caller holds. The table
 * is the claim's ({@link WritClaim.Outcome#table()}, or the proposal claims'), never outside input.
 */
final class ClaimRows {
    private static final String WRIT_COLUMNS = "(writ_domain, jti, outcome, claimed_at_millis, node_id)";
    private static final String INSERT_WRIT = "INSERT INTO %s " + WRIT_COLUMNS + " VALUES (?, ?, ?, ?, ?)";
    private static final String INSERT_WRITS = "INSERT INTO %s " + WRIT_COLUMNS
            + " VALUES %s ON CONFLICT DO NOTHING RETURNING writ_domain, jti";
    private static final String WRIT_ROW = "(?, ?, ?, ?, ?)";
    private static final String SELECT_WRIT = "SELECT writ_domain, jti, outcome, claimed_at_millis, node_id FROM %s"
            + " WHERE writ_domain = ? AND jti = ?";
    private static final String PROPOSAL_COLUMNS = "(domain, agent_id, proposal_id, proposal_hash, admission_id,"
            + " claimed_at_millis)";
    private static final String INSERT_PROPOSAL = "INSERT INTO writ_proposal_claims " + PROPOSAL_COLUMNS
            + " VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_PROPOSALS = "INSERT INTO writ_proposal_claims " + PROPOSAL_COLUMNS
            + " VALUES %s ON CONFLICT DO NOTHING RETURNING domain, agent_id, proposal_id";
    private static final String PROPOSAL_ROW = "(?, ?, ?, ?, ?, ?)";
    private static final String SELECT_PROPOSAL = "SELECT proposal_hash, admission_id, claimed_at_millis"
            + " FROM writ_proposal_claims WHERE domain = ? AND agent_id = ? AND proposal_id = ?";

    private ClaimRows() {
    }

    /** Where the claim's row sorts: a group inserts its claims in this order, so two groups never wait on each other in a cycle. */
    static String key(Claim claim) {
        return claim instanceof WritClaim w ? w.key() : ((ProposalClaim) claim).key();
    }

    /** The table whose primary key decides the claim: claims of one table are inserted in one statement. */
    static String table(Claim claim) {
        return claim instanceof WritClaim w ? w.outcome().table() : "writ_proposal_claims";
    }

    /** The claim table's columns, in the order {@link #bindRow} binds them. */
    static String columns(Claim claim) {
        return claim instanceof WritClaim ? WRIT_COLUMNS : PROPOSAL_COLUMNS;
    }

    /** One row of parameters for the claim's table, {@code (?, ...)}. */
    static String row(Claim claim) {
        return claim instanceof WritClaim ? WRIT_ROW : PROPOSAL_ROW;
    }

    /** How many parameters {@link #bindRow} binds for the claim. */
    static int parameters(Claim claim) {
        return claim instanceof WritClaim ? 5 : 6;
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
     * H2 (which has no ON CONFLICT outside its PostgreSQL mode): inserts the claim in the connection's
     * transaction; true when this transaction holds it now, false when the key was taken (by a
     * committed transaction, or earlier in this one). A row another open transaction inserted makes
     * this wait for its outcome: the database decides, once. H2 raises the unique violation, which
     * undoes only the statement; a savepoint makes that explicit rather than relying on it.
     */
    static boolean insert(Connection connection, Claim claim, int timeoutSeconds) throws SQLException {
        String sql = claim instanceof WritClaim w ? INSERT_WRIT.formatted(w.outcome().table()) : INSERT_PROPOSAL;
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

    /**
     * PostgreSQL: inserts {@code claims}, all of one {@link #table} and of distinct keys, in one
     * statement, in the order given (so in key order, as {@link #insert} one by one would), and
     * answers the {@link #key}s this transaction holds now; a key not among them was taken (by a
     * committed transaction, or earlier in this one). One round trip for a group's claims of a table,
     * whatever their number. A taken key answers no row, where an error would abort the whole
     * transaction; a row another open transaction inserted makes it wait for that one's outcome.
     */
    static Set<String> insertAll(Connection connection, List<? extends Claim> claims, int timeoutSeconds)
            throws SQLException {
        Claim first = claims.get(0);
        boolean writs = first instanceof WritClaim;
        String rows = String.join(", ", Collections.nCopies(claims.size(), writs ? WRIT_ROW : PROPOSAL_ROW));
        String sql = writs ? INSERT_WRITS.formatted(table(first), rows) : INSERT_PROPOSALS.formatted(rows);
        Set<String> won = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setQueryTimeout(timeoutSeconds);
            int column = 1;
            for (Claim claim : claims) {
                if (!table(claim).equals(table(first))) {
                    throw new IllegalArgumentException("claims of " + table(claim) + " and " + table(first)
                            + " in one statement");
                }
                column = bindRow(insert, claim, column);
            }
            try (ResultSet inserted = insert.executeQuery()) {
                while (inserted.next()) {
                    won.add(writs
                            ? WritClaim.key(table(first), inserted.getString(1), inserted.getString(2))
                            : ProposalClaim.key(inserted.getString(1), inserted.getString(2), inserted.getString(3)));
                }
            }
        }
        return won;
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
        bindRow(insert, claim, 1);
    }

    /** Binds the claim's row from parameter {@code column} on; answers the next free parameter. */
    static int bindRow(PreparedStatement insert, Claim claim, int column) throws SQLException {
        if (claim instanceof WritClaim w) {
            insert.setString(column, w.writDomain());
            insert.setString(column + 1, w.jti());
            insert.setShort(column + 2, (short) w.outcome().code());
            insert.setLong(column + 3, w.atMillis());
            insert.setString(column + 4, w.nodeId());
            return column + 5;
        }
        ProposalClaim p = (ProposalClaim) claim;
        insert.setString(column, p.domain());
        insert.setString(column + 1, p.agentId());
        insert.setString(column + 2, p.proposalId());
        insert.setBytes(column + 3, p.proposalHash());
        insert.setString(column + 4, p.admissionId());
        insert.setLong(column + 5, p.claimedAtMillis());
        return column + 6;
    }
}
