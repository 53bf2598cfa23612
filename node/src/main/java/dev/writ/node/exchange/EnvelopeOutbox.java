package dev.writ.node.exchange;

import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.EvidenceUnavailableException;
import dev.writ.protocol.crypto.Hashes;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.EnvelopeHeader;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.ProofEnvelope;
import dev.writ.protocol.wire.RevocationEntry;
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

    /** One stored checkpoint: its number, its envelope hash and when it was sealed (the sender's clock). */
    public record Checkpoint(long seq, byte[] hash, long sealedAtMillis) {
    }

    private static final short REVOCATION = (short) EnvelopeType.REVOCATION_ENTRY.getNumber();
    private static final short CHECKPOINT = (short) EnvelopeType.CHECKPOINT.getNumber();

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

    /** The checkpoints stored, oldest first: those at and above the prune floor. */
    public List<Checkpoint> checkpoints() {
        return ofKind(CHECKPOINT, "checkpoints", (seq, hash, envelope) -> new Checkpoint(seq, hash,
                EnvelopeHeader.parseFrom(envelope.getHeader()).getSentAtMillis()));
    }

    /** Every revocation entry this domain sent, in lineage order (never pruned): what a checkpoint's revocation chain covers. */
    public List<RevocationEntry> revocationEntries() {
        return ofKind(REVOCATION, "revocation entries",
                (seq, hash, envelope) -> RevocationEntry.parseFrom(envelope.getPayload()));
    }

    /** Reads one stored envelope of a kind into what its caller keeps. */
    @FunctionalInterface
    private interface EnvelopeRow<T> {
        T read(long seq, byte[] hash, ProofEnvelope envelope) throws InvalidProtocolBufferException;
    }

    private <T> List<T> ofKind(short kind, String what, EnvelopeRow<T> row) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT seq, envelope_hash, envelope FROM writ_exchange_outbox"
                     + " WHERE domain = ? AND kind = ? ORDER BY seq")) {
            s.setString(1, domain);
            s.setShort(2, kind);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs.getLong(1), rs.getBytes(2), ProofEnvelope.parseFrom(rs.getBytes(3))));
                }
            }
            return out;
        } catch (SQLException | InvalidProtocolBufferException e) {
            throw new EvidenceUnavailableException("cannot read the " + what + " of " + domain + ": " + e.getMessage(), e);
        }
    }

    /**
     * The prune floor: the checkpoint below which only revocation entries are kept, 0 while nothing
     * was pruned (the oldest envelope kept that is not a revocation entry is then not a checkpoint,
     * or is envelope 0).
     */
    public long floor() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT seq, kind FROM writ_exchange_outbox"
                     + " WHERE domain = ? AND kind <> ? ORDER BY seq LIMIT 1")) {
            s.setString(1, domain);
            s.setShort(2, REVOCATION);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getShort(2) == CHECKPOINT ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot read the prune floor of " + domain + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes every envelope below checkpoint {@code checkpointSeq} but the revocation entries; answers how many.
     * Refused for a number that is not a stored checkpoint: nothing is pruned that no checkpoint seals.
     */
    public int prune(long checkpointSeq) {
        if (checkpoints().stream().noneMatch(cp -> cp.seq() == checkpointSeq)) {
            throw new IllegalArgumentException("envelope " + checkpointSeq + " of " + domain + " is not a stored checkpoint");
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM writ_exchange_outbox"
                     + " WHERE domain = ? AND seq < ? AND kind <> ?")) {
            s.setString(1, domain);
            s.setLong(2, checkpointSeq);
            s.setShort(3, REVOCATION);
            int deleted = s.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return deleted;
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot prune the exchange outbox of " + domain + " below "
                    + checkpointSeq + ": " + e.getMessage(), e);
        }
    }

    /** The revocation entries' envelopes {@code from..to} (inclusive), at most {@code limit}, in order: what lies below the floor. */
    public List<byte[]> revocationRange(long from, long to, int limit) {
        return select("kind = " + REVOCATION + " AND ", from, to, limit);
    }

    /** Envelopes {@code from..to} (inclusive), at most {@code limit}, in order, as sent. */
    public List<byte[]> range(long from, long to, int limit) {
        return select("", from, to, limit);
    }

    private List<byte[]> select(String kindFilter, long from, long to, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT envelope FROM writ_exchange_outbox"
                     + " WHERE " + kindFilter + "domain = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT ?")) {
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
