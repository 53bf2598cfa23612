package dev.writ.node.admission;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upkeep of the domain's proposal claims ({@code writ_proposal_claims}, writ/sql/evidence.sql):
 * an admission claims its proposal id in the transaction of its evidence
 * ({@link dev.writ.node.evidence.ProposalClaim}), and this deletes the claims no fresh proposal can
 * match any more, so the table holds a few minutes of admissions. Blocking JDBC: run on the upkeep
 * dispatcher.
 */
public final class ProposalClaims {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalClaims.class);

    private final DataSource dataSource;
    private final String domain;
    private final Clock clock;
    private final Duration retention;
    private final int timeoutSeconds;

    /**
     * @param retention how long a claim is kept: while a proposal it could match can still be fresh
     *                  at any node of the domain ({@code NodeSettings.Admission#claimRetention})
     * @param timeout   bound on one statement
     */
    public ProposalClaims(DataSource dataSource, String domain, Clock clock, Duration retention, Duration timeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
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
}
