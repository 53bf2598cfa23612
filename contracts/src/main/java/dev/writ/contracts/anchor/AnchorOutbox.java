package dev.writ.contracts.anchor;

import dev.writ.contracts.sql.SqlScript;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The durable anchoring outbox in the domain's database (H2 or PostgreSQL). A batch is queued in
 * the transaction that seals it ({@link #enqueue}), so a crash can never leave a sealed batch that
 * nobody will put on chain; the submitter then moves each row through {@link OutboxState}.
 */
public final class AnchorOutbox {
    /** Advisory lock under which a domain's nodes create the outbox table one at a time ("wrob"). */
    private static final long SCHEMA_LOCK = 0x77726f62L;
    /** The outbox's DDL: standard SQL that H2 and PostgreSQL both take as it is. */
    private static final String SCHEMA = "writ/sql/anchor-outbox.sql";
    private static final String COLUMNS = "domain, batch_seq, first_seq, last_seq, root, state, tx_hash, nonce,"
            + " max_fee_per_gas, max_priority_fee, sent_block, block_number, attempts, last_error, queued_at_millis,"
            + " updated_at_millis";

    private final DataSource dataSource;

    public AnchorOutbox(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates the outbox table when missing (idempotent; PostgreSQL nodes take turns under an advisory
     * lock). The outbox's DDL is defined here, with the outbox, once for both databases; the node calls
     * this at start, beside its own schema, since sealing a batch writes the outbox in its transaction.
     */
    public static void createSchema(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (!product.contains("postgresql") && !product.equals("h2")) {
                throw new IllegalArgumentException("no anchoring outbox schema for database " + product + " (supported: H2, PostgreSQL)");
            }
            SqlScript.apply(c, SqlScript.statements(SCHEMA), SCHEMA_LOCK);
        } catch (SQLException e) {
            throw new OutboxUnavailableException("cannot create the anchoring outbox: " + e.getMessage(), e);
        }
    }

    /**
     * Queues a freshly sealed batch inside the caller's transaction (the one that stores the batch).
     * Its domain-wide leaf range continues the previous batch's, as EvidenceAnchor requires.
     */
    public static OutboxEntry enqueue(Connection c, String domain, long batchSeq, long treeSize, String root, long nowMillis)
            throws SQLException {
        long first;
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(last_seq) FROM writ_anchor_outbox WHERE domain = ?")) {
            s.setString(1, domain);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long last = rs.getLong(1);
                first = rs.wasNull() ? 0 : last + 1;
            }
        }
        OutboxEntry entry = OutboxEntry.queued(domain, batchSeq, first, first + treeSize - 1, root, nowMillis);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO writ_anchor_outbox (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(s, entry, 1);
            s.executeUpdate();
        }
        return entry;
    }

    /** The domain's open batches in batch order, at most {@code limit}. */
    public List<OutboxEntry> open(String domain, int limit) {
        return select("SELECT " + COLUMNS + " FROM writ_anchor_outbox WHERE domain = ? AND state IN ('QUEUED', 'SENT', 'MINED')"
                + " ORDER BY batch_seq", domain, limit);
    }

    public Optional<OutboxEntry> get(String domain, long batchSeq) {
        return select("SELECT " + COLUMNS + " FROM writ_anchor_outbox WHERE domain = ? AND batch_seq = " + batchSeq, domain, 1)
                .stream().findFirst();
    }

    /** Writes the row's new state; the row must exist (it was queued with its batch). */
    public void update(OutboxEntry entry) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE writ_anchor_outbox SET state = ?, tx_hash = ?, nonce = ?,"
                     + " max_fee_per_gas = ?, max_priority_fee = ?, sent_block = ?, block_number = ?, attempts = ?,"
                     + " last_error = ?, updated_at_millis = ? WHERE domain = ? AND batch_seq = ?")) {
            s.setString(1, entry.state().name());
            nullable(s, 2, entry.txHash());
            nullable(s, 3, entry.nonce());
            fee(s, 4, entry.fees().maxFeePerGas());
            fee(s, 5, entry.fees().maxPriorityFeePerGas());
            nullable(s, 6, entry.sentBlock());
            nullable(s, 7, entry.block());
            s.setInt(8, entry.attempts());
            nullable(s, 9, truncate(entry.lastError()));
            s.setLong(10, entry.updatedAtMillis());
            s.setString(11, entry.domain());
            s.setLong(12, entry.batchSeq());
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("outbox row " + entry.domain() + "#" + entry.batchSeq() + " does not exist");
            }
        } catch (SQLException e) {
            throw new OutboxUnavailableException("cannot update outbox row " + entry.batchSeq() + ": " + e.getMessage(), e);
        }
    }

    public OutboxStats stats(String domain) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement open = c.prepareStatement("SELECT COUNT(*), MIN(batch_seq) FROM writ_anchor_outbox"
                     + " WHERE domain = ? AND state IN ('QUEUED', 'SENT', 'MINED')");
             PreparedStatement done = c.prepareStatement("SELECT MAX(batch_seq) FROM writ_anchor_outbox"
                     + " WHERE domain = ? AND state = 'CONFIRMED'")) {
            open.setString(1, domain);
            long count;
            long oldest;
            try (ResultSet rs = open.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
                oldest = rs.getLong(2);
                oldest = rs.wasNull() ? -1 : oldest;
            }
            done.setString(1, domain);
            long confirmed;
            try (ResultSet rs = done.executeQuery()) {
                rs.next();
                confirmed = rs.getLong(1);
                confirmed = rs.wasNull() ? -1 : confirmed;
            }
            Optional<OutboxEntry> failed = select("SELECT " + COLUMNS + " FROM writ_anchor_outbox WHERE domain = ?"
                    + " AND state = 'FAILED' ORDER BY batch_seq", domain, 1).stream().findFirst();
            return new OutboxStats(count, oldest, confirmed, failed);
        } catch (SQLException e) {
            throw new OutboxUnavailableException("cannot read the anchoring outbox: " + e.getMessage(), e);
        }
    }

    private List<OutboxEntry> select(String sql, String domain, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, domain);
            s.setMaxRows(limit);
            List<OutboxEntry> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new OutboxUnavailableException("cannot read the anchoring outbox: " + e.getMessage(), e);
        }
    }

    private static OutboxEntry read(ResultSet rs) throws SQLException {
        BigDecimal max = rs.getBigDecimal(9);
        BigDecimal tip = rs.getBigDecimal(10);
        return new OutboxEntry(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                OutboxState.valueOf(rs.getString(6)), orEmpty(rs.getString(7)), longOr(rs, 8), max == null ? Fees.NONE
                        : new Fees(max.toBigIntegerExact(), tip.toBigIntegerExact()),
                longOr(rs, 11), longOr(rs, 12), rs.getInt(13), orEmpty(rs.getString(14)), rs.getLong(15), rs.getLong(16));
    }

    private static void bind(PreparedStatement s, OutboxEntry e, int from) throws SQLException {
        s.setString(from, e.domain());
        s.setLong(from + 1, e.batchSeq());
        s.setLong(from + 2, e.firstSeq());
        s.setLong(from + 3, e.lastSeq());
        s.setString(from + 4, e.root());
        s.setString(from + 5, e.state().name());
        nullable(s, from + 6, e.txHash());
        nullable(s, from + 7, e.nonce());
        fee(s, from + 8, e.fees().maxFeePerGas());
        fee(s, from + 9, e.fees().maxPriorityFeePerGas());
        nullable(s, from + 10, e.sentBlock());
        nullable(s, from + 11, e.block());
        s.setInt(from + 12, e.attempts());
        nullable(s, from + 13, truncate(e.lastError()));
        s.setLong(from + 14, e.queuedAtMillis());
        s.setLong(from + 15, e.updatedAtMillis());
    }

    private static void fee(PreparedStatement s, int i, BigInteger fee) throws SQLException {
        if (fee.signum() == 0) {
            s.setNull(i, Types.NUMERIC);
        } else {
            s.setBigDecimal(i, new BigDecimal(fee));
        }
    }

    private static void nullable(PreparedStatement s, int i, String v) throws SQLException {
        if (v.isEmpty()) {
            s.setNull(i, Types.VARCHAR);
        } else {
            s.setString(i, v);
        }
    }

    private static void nullable(PreparedStatement s, int i, long v) throws SQLException {
        if (v < 0) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private static long longOr(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? -1 : v;
    }

    private static String orEmpty(String v) {
        return v == null ? "" : v;
    }

    private static String truncate(String v) {
        return v.length() <= 2048 ? v : v.substring(0, 2048);
    }
}
