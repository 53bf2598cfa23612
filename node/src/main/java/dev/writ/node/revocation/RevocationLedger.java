package dev.writ.node.revocation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.evidence.EvidenceUnavailableException;
import dev.writ.protocol.wire.RevocationEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * A domain's revocation ledger, in the domain's database (invariant 6: add-only, monotone). The
 * epoch counts entries; the primary key (domain, epoch) lets exactly one entry have each epoch,
 * so two nodes revoking at once cannot both take the same one: the loser reads the new tail and
 * tries the next epoch. Every node reads the ledger directly, so revocation does not depend on
 * any one node being alive, only on the database every decision already depends on.
 */
public final class RevocationLedger {
    /** How long a revocation keeps retrying a contended epoch before it is refused. */
    private static final long CONTENTION_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final DataSource dataSource;
    private final String domain;

    public RevocationLedger(DataSource dataSource, String domain) {
        this.dataSource = dataSource;
        this.domain = domain;
    }

    /** The entry revoking {@code subject}: a new one at the next epoch, or the existing one when it is already revoked. */
    public RevocationEntry revoke(RevocationEntry.Kind kind, String subject, String reason, String issuer, long nowMillis) {
        SQLException last = null;
        long deadline = System.nanoTime() + CONTENTION_DEADLINE_NANOS;
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                Optional<RevocationEntry> existing = existing(c, kind, subject);
                if (existing.isPresent()) {
                    return existing.get();
                }
                RevocationEntry entry = RevocationEntry.newBuilder()
                        .setDomain(domain)
                        .setEpoch(epoch(c) + 1)
                        .setKind(kind)
                        .setSubject(subject)
                        .setReason(reason)
                        .setRevokedAtMillis(nowMillis)
                        .setIssuer(issuer)
                        .build();
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO writ_revocations (domain, epoch, kind, subject, entry) VALUES (?, ?, ?, ?, ?)")) {
                    s.setString(1, domain);
                    s.setLong(2, entry.getEpoch());
                    s.setInt(3, kind.getNumber());
                    s.setString(4, subject);
                    s.setBytes(5, entry.toByteArray());
                    s.executeUpdate();
                    if (!c.getAutoCommit()) {
                        c.commit();
                    }
                    return entry;
                }
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw new EvidenceUnavailableException("cannot append to the revocation ledger: " + e.getMessage(), e);
                }
                last = e; // another node took this epoch or revoked the same subject: read again
            }
            backOff(attempt);
        }
        throw new EvidenceUnavailableException("the revocation ledger stayed contended for "
                + TimeUnit.NANOSECONDS.toSeconds(CONTENTION_DEADLINE_NANOS) + " s", last);
    }

    /** A random pause that grows with the attempts, so racing nodes stop colliding in lockstep. */
    private static void backOff(int attempt) {
        long ceilingMicros = 500L << Math.min(attempt, 5);
        LockSupport.parkNanos(
                TimeUnit.MICROSECONDS.toNanos(
                        ThreadLocalRandom.current().nextLong(ceilingMicros)));
    }

    /** The entries after {@code epoch}, in epoch order, and the ledger's epoch as read in the same query. */
    public Entries since(long epoch) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT entry FROM writ_revocations WHERE domain = ? AND epoch > ? ORDER BY epoch")) {
            s.setString(1, domain);
            s.setLong(2, epoch);
            List<RevocationEntry> entries = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(RevocationEntry.parseFrom(rs.getBytes(1)));
                }
            }
            return new Entries(entries, entries.isEmpty() ? epoch(c) : entries.get(entries.size() - 1).getEpoch());
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new EvidenceUnavailableException("cannot read the revocation ledger: " + e.getMessage(), e);
        }
    }

    /** Entries in epoch order and the ledger's epoch when they were read. */
    public record Entries(List<RevocationEntry> entries, long ledgerEpoch) {
    }

    private Optional<RevocationEntry> existing(Connection c, RevocationEntry.Kind kind, String subject)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT entry FROM writ_revocations WHERE domain = ? AND kind = ? AND subject = ?")) {
            s.setString(1, domain);
            s.setInt(2, kind.getNumber());
            s.setString(3, subject);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(RevocationEntry.parseFrom(rs.getBytes(1))) : Optional.empty();
            } catch (InvalidProtocolBufferException e) {
                throw new SQLException("an unreadable revocation entry for " + subject, e);
            }
        }
    }

    private long epoch(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(epoch) FROM writ_revocations WHERE domain = ?")) {
            s.setString(1, domain);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
