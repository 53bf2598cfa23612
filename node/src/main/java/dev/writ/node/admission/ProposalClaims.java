package dev.writ.node.admission;

import dev.writ.contracts.sql.SqlScript;
import dev.writ.node.evidence.Dialect;
import dev.writ.node.evidence.EvidenceStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domain's proposal claims (writ/sql/admission.sql): the first admission of an agent's proposal
 * id claims it in the database every node of the domain shares, so one signed proposal is decided
 * once, cluster-wide, however often and wherever it is sent. Blocking JDBC: call on the node's
 * blocking dispatcher.
 */
public final class ProposalClaims {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalClaims.class);
    private static final String RESOURCE = "writ/sql/admission.sql";
    /** The advisory lock key under which a domain's nodes create this schema one at a time ("wadm" in ASCII). */
    private static final long SCHEMA_LOCK = 0x7761646dL;
    private static final String INSERT = "INSERT INTO writ_proposal_claims"
            + " (domain, agent_id, proposal_id, proposal_hash, admission_id, claimed_at_millis) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String SELECT = "SELECT proposal_hash, admission_id, claimed_at_millis FROM writ_proposal_claims"
            + " WHERE domain = ? AND agent_id = ? AND proposal_id = ?";

    /** What claiming a proposal id found. */
    public sealed interface Claim {
    }

    /** This admission holds the proposal id now, claimed at {@code claimedAtMillis}, and decides it as {@code admissionId}. */
    public record Won(String admissionId, long claimedAtMillis) implements Claim {
    }

    /**
     * An earlier arrival holds the proposal id: the hash of the proposal it claimed it for, the id
     * it decides it as (an ALLOW's jti) and when it claimed it, by its node's clock.
     */
    public record Held(byte[] proposalHash, String admissionId, long claimedAtMillis) implements Claim {
        public Held {
            proposalHash = proposalHash.clone();
            Objects.requireNonNull(admissionId, "admissionId");
        }

        @Override
        public byte[] proposalHash() {
            return proposalHash.clone();
        }
    }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String domain;
    private final Clock clock;
    private final Duration retention;
    private final int timeoutSeconds;

    /**
     * @param retention how long a claim is kept: while a proposal it could match can still be fresh
     *                  at any node of the domain ({@code NodeSettings.Admission#claimRetention})
     * @param timeout   bound on one statement, so a hung database refuses admissions instead of holding them
     */
    public ProposalClaims(DataSource dataSource, Dialect dialect, String domain, Clock clock, Duration retention,
                          Duration timeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }

    /** Creates the claims table if it does not exist. */
    public void createSchema() {
        try (Connection connection = dataSource.getConnection()) {
            SqlScript.apply(connection, SqlScript.statements(RESOURCE).stream().map(dialect::ddl).toList(), SCHEMA_LOCK);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the proposal claims table: " + e.getMessage(), e);
        }
    }

    /**
     * Claims {@code proposalId} of {@code agentId} for the proposal whose hash is {@code proposalHash},
     * as {@code admissionId}; one durable insert. Exactly one of the domain's concurrent claims of an
     * id wins; the others answer what the winner claimed.
     *
     * @throws SQLException when the database did not answer; then whether the claim was made is unknown
     */
    Claim claim(String agentId, String proposalId, byte[] proposalHash, String admissionId, long nowMillis)
            throws SQLException {
        // A claim pruned between a lost insert and the read that looks for it (its proposal is stale
        // by then) leaves the id free again: one more insert decides.
        for (int attempt = 1; ; attempt++) {
            if (insert(agentId, proposalId, proposalHash, admissionId, nowMillis)) {
                return new Won(admissionId, nowMillis);
            }
            Optional<Held> first = read(agentId, proposalId);
            if (first.isPresent()) {
                return first.get();
            }
            if (attempt == 2) {
                throw new SQLException("the claim of proposal " + proposalId + " of " + agentId
                        + " was neither inserted nor found");
            }
        }
    }

    /**
     * Gives up the claim {@code admissionId} made of {@code proposalId}, when the admission decided
     * nothing and recorded nothing (a budget's owner did not answer: D63), so the agent's
     * retry with the same id is decided afresh. Deletes only that admission's row. A failure leaves
     * the claim: the retry then meets it (TIMEOUT, and DUPLICATE_PROPOSAL after the decision deadline).
     */
    void release(String agentId, String proposalId, String admissionId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM writ_proposal_claims"
                     + " WHERE domain = ? AND agent_id = ? AND proposal_id = ? AND admission_id = ?")) {
            delete.setQueryTimeout(timeoutSeconds);
            delete.setString(1, domain);
            delete.setString(2, agentId);
            delete.setString(3, proposalId);
            delete.setString(4, admissionId);
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("The claim of proposal {} of {} could not be given up ({}); a retry with its id meets it",
                    proposalId, agentId, e.getMessage());
        }
    }

    /**
     * Deletes the claims no fresh proposal can match any more (older than the retention); run on a
     * schedule. A failure only leaves them for the next run.
     */
    public void prune() {
        long before = clock.millis() - retention.toMillis();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM writ_proposal_claims WHERE domain = ? AND claimed_at_millis < ?")) {
            delete.setQueryTimeout(timeoutSeconds);
            delete.setString(1, domain);
            delete.setLong(2, before);
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Proposal claims older than {} could not be deleted ({}); the next prune tries again",
                    Instant.ofEpochMilli(before), e.getMessage());
        }
    }

    /** True when this insert made the claim; false when the key was already taken. */
    private boolean insert(String agentId, String proposalId, byte[] proposalHash, String admissionId, long nowMillis)
            throws SQLException {
        // PostgreSQL answers a taken key with no row instead of an error (which it would also log);
        // H2 has no ON CONFLICT outside its PostgreSQL mode and raises the unique violation.
        String sql = dialect == Dialect.POSTGRES ? INSERT + " ON CONFLICT DO NOTHING" : INSERT;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setQueryTimeout(timeoutSeconds);
            insert.setString(1, domain);
            insert.setString(2, agentId);
            insert.setString(3, proposalId);
            insert.setBytes(4, proposalHash);
            insert.setString(5, admissionId);
            insert.setLong(6, nowMillis);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (EvidenceStore.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private Optional<Held> read(String agentId, String proposalId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(SELECT)) {
            query.setQueryTimeout(timeoutSeconds);
            query.setString(1, domain);
            query.setString(2, agentId);
            query.setString(3, proposalId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Held(rows.getBytes(1), rows.getString(2), rows.getLong(3)));
            }
        }
    }
}
