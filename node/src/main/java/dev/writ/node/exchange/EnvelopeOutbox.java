package dev.writ.node.exchange;

import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.EvidenceUnavailableException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The envelopes this domain published, in its own database ({@code writ_exchange_outbox}): where
 * the publisher continues its lineage after a failover, and what partners get when they ask for a
 * range they missed. An envelope is stored before it is sent; the primary key refuses a second
 * envelope with one number, so a domain never equivocates by accident. Blocking.
 */
public final class EnvelopeOutbox {
    private final DataSource dataSource;
    private final String domain;

    public EnvelopeOutbox(DataSource dataSource, String domain) {
        this.dataSource = dataSource;
        this.domain = domain;
    }

    /** Where the lineage stands: the next number, the hash the next envelope names, the last revocation epoch sent. */
    public record Tail(long nextSeq, byte[] prevHash, long revocationEpoch) {
    }

    public Tail tail() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT seq, envelope_hash FROM writ_exchange_outbox"
                     + " WHERE domain = ? ORDER BY seq DESC LIMIT 1");
             PreparedStatement e = c.prepareStatement("SELECT MAX(revocation_epoch) FROM writ_exchange_outbox"
                     + " WHERE domain = ?")) {
            s.setString(1, domain);
            e.setString(1, domain);
            long epoch;
            try (ResultSet rs = e.executeQuery()) {
                rs.next();
                epoch = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new Tail(0, Hashes.zeroHash(), epoch);
                }
                return new Tail(rs.getLong(1) + 1, rs.getBytes(2), epoch);
            }
        } catch (SQLException ex) {
            throw new EvidenceUnavailableException("cannot read the exchange outbox of " + domain + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Stores {@code envelope} at its number; false when that number is taken (another publisher
     * got there first: read the tail again and re-seal).
     */
    public boolean append(OpenedEnvelope envelope, long revocationEpoch) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO writ_exchange_outbox"
                     + " (domain, seq, envelope_hash, kind, revocation_epoch, envelope) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, domain);
            s.setLong(2, envelope.header().getSeq());
            s.setBytes(3, envelope.hash());
            s.setShort(4, (short) envelope.header().getType().getNumber());
            s.setLong(5, revocationEpoch);
            s.setBytes(6, envelope.envelope().toByteArray());
            s.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return true;
        } catch (SQLException e) {
            if (EvidenceStore.isUniqueViolation(e)) {
                return false;
            }
            throw new EvidenceUnavailableException("cannot store envelope " + envelope.header().getSeq() + " of "
                    + domain + ": " + e.getMessage(), e);
        }
    }

    /** Envelopes {@code from..to} (inclusive), at most {@code limit}, in order, as sent. */
    public List<byte[]> range(long from, long to, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT envelope FROM writ_exchange_outbox"
                     + " WHERE domain = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT ?")) {
            s.setString(1, domain);
            s.setLong(2, from);
            s.setLong(3, to);
            s.setInt(4, limit);
            List<byte[]> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getBytes(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot read envelopes " + from + ".." + to + " of " + domain
                    + ": " + e.getMessage(), e);
        }
    }
}
