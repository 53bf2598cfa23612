package dev.writ.node.anchoring;

import dev.writ.contracts.anchor.AnchorOutbox;
import dev.writ.node.evidence.EvidenceUnavailableException;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.ChainAnchor;
import dev.writ.protocol.wire.LaneRange;
import dev.writ.protocol.wire.SignedAnchorBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.web3j.utils.Numeric;

/** Sealed anchor batches and the lane ranges they cover, in the domain's database. */
public final class AnchorStore {
    private final DataSource dataSource;

    public AnchorStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The number of the newest batch, or -1 when none was sealed yet. */
    public long lastBatchSeq(String domain) {
        return queryLong("SELECT MAX(batch_seq) FROM writ_anchor_batches WHERE domain = ?", domain, -1);
    }

    /** Per lane, the last seq any batch covers. */
    public Map<String, Long> coveredHeads(String domain) {
        Map<String, Long> heads = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT lane, MAX(last_seq) FROM writ_anchor_ranges WHERE domain = ? GROUP BY lane")) {
            s.setString(1, domain);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString(1), rs.getLong(2));
                }
            }
            return heads;
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot read the anchored ranges: " + e.getMessage(), e);
        }
    }

    /**
     * Stores the batch, its ranges and its anchoring outbox row in one transaction (invariant 5: no
     * batch is sealed and not queued for the chain); the primary key refuses a second batch with its number.
     */
    public void insert(SignedAnchorBatch signed, AnchorBatch batch) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement b = c.prepareStatement("INSERT INTO writ_anchor_batches"
                    + " (domain, batch_seq, signed_batch, sealed_at_millis) VALUES (?, ?, ?, ?)");
                 PreparedStatement r = c.prepareStatement("INSERT INTO writ_anchor_ranges"
                         + " (domain, lane, first_seq, last_seq, batch_seq) VALUES (?, ?, ?, ?, ?)")) {
                b.setString(1, batch.getDomain());
                b.setLong(2, batch.getBatchSeq());
                b.setBytes(3, signed.toByteArray());
                b.setLong(4, batch.getSealedAtMillis());
                b.executeUpdate();
                for (LaneRange range : batch.getRangesList()) {
                    r.setString(1, batch.getDomain());
                    r.setString(2, range.getLane());
                    r.setLong(3, range.getFirstSeq());
                    r.setLong(4, range.getLastSeq());
                    r.setLong(5, batch.getBatchSeq());
                    r.addBatch();
                }
                r.executeBatch();
                AnchorOutbox.enqueue(c, batch.getDomain(), batch.getBatchSeq(), batch.getTreeSize(),
                        Numeric.toHexString(batch.getRoot().toByteArray()), batch.getSealedAtMillis());
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot store anchor batch " + batch.getBatchSeq() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records where the batch was put on chain, so bundles carry the anchor. Idempotent: the
     * submitter calls it again when it crashed before marking the outbox row CONFIRMED.
     */
    public void recordChainAnchor(String domain, long batchSeq, ChainAnchor anchor) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement read = c.prepareStatement("SELECT signed_batch FROM writ_anchor_batches"
                    + " WHERE domain = ? AND batch_seq = ? FOR UPDATE");
                 PreparedStatement write = c.prepareStatement("UPDATE writ_anchor_batches SET signed_batch = ?"
                         + " WHERE domain = ? AND batch_seq = ?")) {
                read.setString(1, domain);
                read.setLong(2, batchSeq);
                SignedAnchorBatch signed;
                try (ResultSet rs = read.executeQuery()) {
                    if (!rs.next()) {
                        throw new SQLException("batch " + batchSeq + " of " + domain + " does not exist");
                    }
                    signed = SignedAnchorBatch.parseFrom(rs.getBytes(1));
                }
                // The signature covers the batch bytes only; the chain anchor sits beside them.
                write.setBytes(1, signed.toBuilder().setAnchor(anchor).build().toByteArray());
                write.setString(2, domain);
                write.setLong(3, batchSeq);
                write.executeUpdate();
                c.commit();
            } catch (SQLException | com.google.protobuf.InvalidProtocolBufferException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | com.google.protobuf.InvalidProtocolBufferException e) {
            throw new EvidenceUnavailableException("cannot record the chain anchor of batch " + batchSeq + ": " + e.getMessage(), e);
        }
    }

    /** The newest {@code limit} batches, newest first (the operator console's anchoring view). */
    public List<SignedAnchorBatch> recent(String domain, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT signed_batch FROM writ_anchor_batches WHERE domain = ?"
                     + " ORDER BY batch_seq DESC LIMIT ?")) {
            s.setString(1, domain);
            s.setInt(2, limit);
            List<SignedAnchorBatch> batches = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    batches.add(SignedAnchorBatch.parseFrom(rs.getBytes(1)));
                }
            }
            return batches;
        } catch (SQLException | com.google.protobuf.InvalidProtocolBufferException e) {
            throw new EvidenceUnavailableException("cannot read the recent anchor batches: " + e.getMessage(), e);
        }
    }

    /** The batch covering (lane, seq), if one was sealed. */
    public Optional<SignedAnchorBatch> covering(String domain, String lane, long seq) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT b.signed_batch FROM writ_anchor_ranges r"
                     + " JOIN writ_anchor_batches b ON b.domain = r.domain AND b.batch_seq = r.batch_seq"
                     + " WHERE r.domain = ? AND r.lane = ? AND r.first_seq <= ? AND r.last_seq >= ?")) {
            s.setString(1, domain);
            s.setString(2, lane);
            s.setLong(3, seq);
            s.setLong(4, seq);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(SignedAnchorBatch.parseFrom(rs.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException | com.google.protobuf.InvalidProtocolBufferException e) {
            throw new EvidenceUnavailableException("cannot read the batch of " + lane + "#" + seq + ": " + e.getMessage(), e);
        }
    }

    private long queryLong(String sql, String domain, long ifNull) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, domain);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long value = rs.getLong(1);
                return rs.wasNull() ? ifNull : value;
            }
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot read the anchor batches: " + e.getMessage(), e);
        }
    }
}
