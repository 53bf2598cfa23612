package dev.writ.node.evidence;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.EvidenceBody;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.EvidenceRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * The evidence table over JDBC (H2 or PostgreSQL), with the writ claims that are written in the same
 * transactions (single use, {@link #write}). Writes are whole batches in one transaction;
 * every failure surfaces as {@link EvidenceUnavailableException} so callers fail closed, and a row
 * refused for its content as its kind {@link EvidenceRejectedException}.
 *
 * <p>Reads return records as this domain's own store holds them: parsed, with their hash checked
 * against the stored record hash, but signatures are not re-verified here. Verifiers (a partner,
 * an auditor, the anchorer) run {@link dev.writ.protocol.evidence.ChainVerifier} or
 * {@link EvidenceRecords#openWithPayload} over what they read.
 */
public final class EvidenceStore {
    /** SQLSTATE of a unique or primary key violation, the same in H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATE class of data exceptions (a character the encoding lacks, a value too long, ...). */
    private static final String DATA_EXCEPTION_CLASS = "22";

    private static final String COLUMNS = "record_hash, record, payload, story";
    static final int IN_LIST = 500;
    private static final String INSERT = "INSERT INTO writ_evidence " + GroupStatement.RECORD_COLUMNS
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final int writeTimeoutSeconds;
    private final int probeTimeoutSeconds;

    /**
     * @param writeTimeout bound on one statement (a batch insert or a query), so that a hung
     *                     database fails appends instead of holding them forever
     * @param probeTimeout bound on the {@link #ping()} health probe
     */
    public EvidenceStore(DataSource dataSource, Dialect dialect, Duration writeTimeout, Duration probeTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.writeTimeoutSeconds = seconds(writeTimeout);
        this.probeTimeoutSeconds = seconds(probeTimeout);
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Creates the evidence and key tables and their indexes if they do not exist, and the anchoring
     * outbox (its DDL is the chain gateway's, in contracts) that sealing writes in the same transaction.
     */
    public void createSchema() {
        try {
            Schema.create(dataSource, dialect);
            dev.writ.contracts.anchor.AnchorOutbox.createSchema(dataSource);
        } catch (SQLException e) {
            throw unavailable("cannot create the evidence schema", e);
        }
    }

    /** Seals the records of a group once its claims are decided (see {@link #write}). */
    @FunctionalInterface
    public interface Sealer {
        /**
         * The rows to store, given the claims (by their index in the group) that were already held:
         * the appends that lost their claim must have no record among them. Called once, or twice on
         * PostgreSQL: first with none held (the group written in one statement, as if every claim
         * were won), then, if one was held after all, with those held; nothing of the first call's
         * rows was kept then, so each call seals from the same place.
         */
        List<StoredRecord> seal(Map<Integer, Claim> held);
    }

    /**
     * Persists all records in one transaction: all of them are durable when this returns, none of
     * them when it throws. A record at an occupied (domain, lane, seq) is refused by the primary
     * key, so a second writer on a lane fails instead of forking the chain (invariant 4).
     *
     * <p>A row the table cannot hold is refused before any connection is taken, and a value the
     * database itself refuses (a data exception) is refused too, both with
     * {@link EvidenceRejectedException}: the store answered, only that content cannot be stored, so
     * the caller can write the other rows without it (invariants 3 and 9).
     */
    public void appendBatch(List<StoredRecord> records) {
        write(Map.of(), held -> records);
    }

    /**
     * One group of a lane, durable all together or not at all, single use included (invariant 2):
     * the {@code claims} (keyed by the index of their append in the group) go, in key order, into
     * their tables (a writ's settlement, an outcome report, an admission's proposal id) with the
     * records {@code sealer} seals for every append whose claim was free (and every append without
     * one). A claim is won only with its records, and a lost claim leaves no record, so the hash
     * chain holds winners only.
     *
     * <p>On PostgreSQL the group is first sealed as if every claim were won and written in one
     * statement, in one round trip ({@link GroupStatement}, D109). When a claim was held
     * already, that statement keeps nothing, and the group takes the transaction path H2 always
     * takes: the claims are inserted, the held ones read back, the records sealed without the
     * losers, inserted, and committed.
     *
     * @return the claims that were already held, by index, as their rows say (who settled the writ or
     *         decided the proposal id, when), each of the type of the claim it answers
     */
    public Map<Integer, Claim> write(Map<Integer, ? extends Claim> claims, Sealer sealer) {
        claims.values().forEach(ClaimRows::requireStorable);
        List<Map.Entry<Integer, ? extends Claim>> ordered = inKeyOrder(claims);
        List<Claim> inOrder = ordered.stream().<Claim>map(Map.Entry::getValue).toList();
        if (dialect == Dialect.POSTGRES && GroupStatement.distinctKeys(inOrder)) {
            List<StoredRecord> records = requireStorable(sealer.seal(Map.of()));
            if (records.isEmpty() && claims.isEmpty()) {
                return Map.of();
            }
            if (GroupStatement.fits(inOrder, records.size()) && writeInOneStatement(inOrder, records)) {
                return Map.of();
            }
        }
        return writeInTransaction(claims, ordered, sealer);
    }

    /** True when every claim was won and all of it is durable; false when a claim was held (nothing kept). */
    private boolean writeInOneStatement(List<Claim> claims, List<StoredRecord> records) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            return GroupStatement.write(connection, claims, records, writeTimeoutSeconds);
        } catch (SQLException e) {
            throw failure(e, records.isEmpty() ? claims.size() + " claims" : describe(records));
        }
    }

    /** The claims, then the records, then the commit, each a round trip: H2's path, and PostgreSQL's when a claim was lost. */
    private Map<Integer, Claim> writeInTransaction(Map<Integer, ? extends Claim> claims,
                                                   List<Map.Entry<Integer, ? extends Claim>> ordered, Sealer sealer) {
        List<StoredRecord> records = claims.isEmpty() ? requireStorable(sealer.seal(Map.of())) : null;
        if (records != null && records.isEmpty()) {
            return Map.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Map<Integer, Claim> held = new HashMap<>();
            try {
                if (records == null) {
                    held = claim(connection, ordered);
                    records = requireStorable(sealer.seal(Map.copyOf(held)));
                }
                insert(connection, records);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
            // Committed: hand the connection back as the pool gave it, sparing the pool a reset.
            // Not after a failure, where turning auto-commit on could commit what the rollback missed.
            try {
                connection.setAutoCommit(true);
            } catch (SQLException durableAnyway) {
                // the records are durable; the pool resets or evicts this connection
            }
            return Map.copyOf(held);
        } catch (SQLException e) {
            throw failure(e, records == null || records.isEmpty() ? claims.size() + " claims" : describe(records));
        }
    }

    /** A failed write as the caller must see it: a refused value (invariant 9), or the store unavailable. */
    private static RuntimeException failure(SQLException e, String where) {
        if (isUniqueViolation(e)) {
            return unavailable("evidence " + where + " was refused: a record already holds one of these places"
                    + " (another writer on this lane?)", e);
        }
        if (isDataException(e)) {
            return new EvidenceRejectedException("evidence " + where + " was refused for a value the database"
                    + " cannot hold: " + e.getMessage(), e);
        }
        return unavailable("evidence " + where + " could not be persisted", e);
    }

    /** By key, then by place in the group: of two appends claiming one key, the earlier one takes it. */
    private static List<Map.Entry<Integer, ? extends Claim>> inKeyOrder(Map<Integer, ? extends Claim> claims) {
        List<Map.Entry<Integer, ? extends Claim>> ordered = new ArrayList<>(claims.entrySet());
        ordered.sort(Comparator.comparing((Map.Entry<Integer, ? extends Claim> e) -> ClaimRows.key(e.getValue()))
                .thenComparing(Map.Entry::getKey));
        return ordered;
    }

    /**
     * Inserts the group's claims, {@code ordered} by {@link #inKeyOrder}; answers those already held, read back in this
     * transaction. On PostgreSQL the claims of one table go in one statement (a round trip per table,
     * not per claim); an append whose key an earlier append of the group claims is not sent, and finds
     * that append's row. H2 inserts them one by one.
     */
    private Map<Integer, Claim> claim(Connection connection, List<Map.Entry<Integer, ? extends Claim>> ordered)
            throws SQLException {
        Set<Integer> won = dialect == Dialect.POSTGRES ? insertByTable(connection, ordered) : insertOneByOne(connection, ordered);
        Map<Integer, Claim> held = new HashMap<>();
        for (Map.Entry<Integer, ? extends Claim> e : ordered) {
            if (!won.contains(e.getKey())) {
                Claim claim = e.getValue();
                held.put(e.getKey(), ClaimRows.held(connection, claim, writeTimeoutSeconds)
                        .orElseThrow(() -> new EvidenceUnavailableException("the claim " + claim
                                + " was neither inserted nor found")));
            }
        }
        return held;
    }

    /** The indexes of the claims this transaction inserted, one statement per table, tables in key order. */
    private Set<Integer> insertByTable(Connection connection, List<Map.Entry<Integer, ? extends Claim>> ordered)
            throws SQLException {
        Set<Integer> won = new HashSet<>();
        int from = 0;
        while (from < ordered.size()) {
            String table = ClaimRows.table(ordered.get(from).getValue());
            // key order starts with the table, so a table's claims are consecutive
            Map<String, Map.Entry<Integer, ? extends Claim>> firstByKey = new LinkedHashMap<>();
            int to = from;
            for (; to < ordered.size() && ClaimRows.table(ordered.get(to).getValue()).equals(table); to++) {
                firstByKey.putIfAbsent(ClaimRows.key(ordered.get(to).getValue()), ordered.get(to));
            }
            Set<String> inserted = ClaimRows.insertAll(connection,
                    firstByKey.values().stream().map(Map.Entry::getValue).toList(), writeTimeoutSeconds);
            firstByKey.forEach((key, e) -> {
                if (inserted.contains(key)) {
                    won.add(e.getKey());
                }
            });
            from = to;
        }
        return won;
    }

    private Set<Integer> insertOneByOne(Connection connection, List<Map.Entry<Integer, ? extends Claim>> ordered)
            throws SQLException {
        Set<Integer> won = new HashSet<>();
        for (Map.Entry<Integer, ? extends Claim> e : ordered) {
            if (ClaimRows.insert(connection, e.getValue(), writeTimeoutSeconds)) {
                won.add(e.getKey());
            }
        }
        return won;
    }

    private void insert(Connection connection, List<StoredRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setQueryTimeout(writeTimeoutSeconds);
            for (StoredRecord stored : records) {
                GroupStatement.bindRecord(insert, stored, 1);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<StoredRecord> requireStorable(List<StoredRecord> records) {
        records.forEach(EvidenceStore::requireStorable);
        return records;
    }

    private static String describe(List<StoredRecord> records) {
        StoredRecord first = records.get(0);
        return first.domain() + "/" + first.lane() + "#" + first.seq() + ".." + records.get(records.size() - 1).seq();
    }

    /** How {@code jti} of {@code writDomain} was settled, if it was: its claim row. */
    public Optional<WritClaim> claim(String writDomain, String jti) {
        if (!EvidenceColumn.WRIT_DOMAIN.holds(writDomain) || !EvidenceColumn.JTI.holds(jti)) {
            return Optional.empty();
        }
        try (Connection connection = dataSource.getConnection()) {
            return ClaimRows.read(connection, WritClaim.Outcome.REDEEMED.table(), writDomain, jti, writeTimeoutSeconds);
        } catch (SQLException e) {
            throw unavailable("cannot read the claim of writ " + writDomain + "/" + jti, e);
        }
    }

    /** The head after the lane's highest record, or empty when the lane holds none. */
    public Optional<ChainHead> head(String domain, String lane) {
        String sql = "SELECT seq, record_hash FROM writ_evidence WHERE domain = ? AND lane = ?"
                + " ORDER BY seq DESC LIMIT 1";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setQueryTimeout(writeTimeoutSeconds);
            query.setString(1, domain);
            query.setString(2, lane);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ChainHead(domain, lane, rows.getLong(1) + 1, rows.getBytes(2)));
            }
        } catch (SQLException e) {
            throw unavailable("cannot read the head of evidence lane " + domain + "/" + lane, e);
        }
    }

    /**
     * A story's records (e.g. proposal, decision, issuance, redemption), by time then lane and seq.
     * A key no row can hold has none, and is not sent to a database that would refuse it.
     */
    public List<StoredRecord> story(String domain, String storyKey) {
        if (!EvidenceColumn.STORY.holds(storyKey)) {
            return List.of();
        }
        return select("SELECT " + COLUMNS + " FROM writ_evidence WHERE domain = ? AND story = ?"
                        + " ORDER BY time_millis, lane, seq",
                "story " + storyKey + " of " + domain, domain, storyKey);
    }

    /** A lane's records with {@code fromSeq <= seq <= toSeqInclusive}, by seq. */
    public List<StoredRecord> range(String domain, String lane, long fromSeq, long toSeqInclusive) {
        return select("SELECT " + COLUMNS + " FROM writ_evidence WHERE domain = ? AND lane = ?"
                        + " AND seq >= ? AND seq <= ? ORDER BY seq",
                "evidence " + domain + "/" + lane + "#" + fromSeq + ".." + toSeqInclusive,
                domain, lane, fromSeq, toSeqInclusive);
    }

    /**
     * The names of the domain's lanes that hold at least one record, sorted. A skip scan over the
     * primary key (one index probe per lane), not a scan of the records: the beacon asks every
     * half second, and the table holds every record the domain ever wrote.
     */
    public List<String> lanes(String domain) {
        String sql = "WITH RECURSIVE l(lane) AS ("
                + " SELECT MIN(lane) FROM writ_evidence WHERE domain = ?"
                + " UNION ALL"
                + " SELECT (SELECT MIN(e.lane) FROM writ_evidence e WHERE e.domain = ? AND e.lane > l.lane)"
                + " FROM l WHERE l.lane IS NOT NULL)"
                + " SELECT lane FROM l WHERE lane IS NOT NULL ORDER BY lane";
        return query(sql, "the evidence lanes of " + domain, rows -> rows.getString(1), domain, domain);
    }

    /**
     * Records of one kind written by one node with {@code fromMillis <= time < toMillis}, by time
     * (tools and tests inspecting what a node recorded).
     */
    public List<StoredRecord> byKind(String domain, String nodeId, EvidenceKind kind, long fromMillis, long toMillis) {
        return select("SELECT " + COLUMNS + " FROM writ_evidence WHERE domain = ? AND kind = ? AND node_id = ?"
                        + " AND time_millis >= ? AND time_millis < ? ORDER BY time_millis, lane, seq",
                kind + " evidence of " + domain + "/" + nodeId, domain, (short) kind.getNumber(), nodeId,
                fromMillis, toMillis);
    }

    /**
     * The newest records of the given kinds in {@code domain}, written by any node with
     * {@code time >= fromMillis}: at most {@code limit} of them, oldest first (the operator console's
     * live feeds; bounded by the limit and the window, never a scan of the whole table).
     */
    public List<StoredRecord> recent(String domain, Set<EvidenceKind> kinds, long fromMillis, int limit) {
        if (kinds.isEmpty()) {
            return List.of();
        }
        List<Object> parameters = new ArrayList<>();
        parameters.add(domain);
        kinds.stream().sorted().forEach(k -> parameters.add((short) k.getNumber()));
        parameters.add(fromMillis);
        parameters.add(limit);
        List<StoredRecord> newestFirst = select("SELECT " + COLUMNS + " FROM writ_evidence WHERE domain = ? AND kind IN ("
                        + String.join(", ", Collections.nCopies(kinds.size(), "?")) + ") AND time_millis >= ?"
                        + " ORDER BY time_millis DESC, lane DESC, seq DESC LIMIT ?",
                "recent " + kinds + " evidence of " + domain, parameters.toArray());
        List<StoredRecord> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /**
     * The ISSUANCE record of {@code jti} in {@code domain}, if the domain issued it: the record filed
     * under the writ's own story. Asked by story alone, which only the story index answers: with the
     * kind in the statement too, PostgreSQL, its statistics behind a fast-growing table, scanned
     * every ISSUANCE of the domain through the kind index instead (D119).
     */
    public Optional<StoredRecord> issuance(String domain, String jti) {
        return story(domain, jti).stream()
                .filter(r -> r.kind() == EvidenceKind.ISSUANCE && r.subject().equals(jti))
                .findFirst();
    }

    /**
     * ISSUANCE records one node wrote with {@code fromMillis <= time < toMillis} whose writ is not
     * settled (no row in {@code writ_claims}), by time: what the expiry sweeper may have to expire.
     * Three reads, each bound to an index and to the window, instead of one anti-join, which
     * PostgreSQL planned, with statistics behind a fast-growing table, as a scan of every claim of
     * the domain for each issuance (D119): the window's writs, which of them are claimed, then the
     * records of the others.
     */
    public List<StoredRecord> unclaimedIssuances(String domain, String nodeId, long fromMillis, long toMillis) {
        String window = " FROM writ_evidence WHERE domain = ? AND kind = ? AND node_id = ? AND time_millis >= ?"
                + " AND time_millis < ?";
        List<Object> bounds = List.of(domain, (short) EvidenceKind.ISSUANCE.getNumber(), nodeId, fromMillis, toMillis);
        String what = "unsettled issuances of " + domain + "/" + nodeId;
        Set<String> unclaimed = new LinkedHashSet<>(query("SELECT subject" + window, what, rows -> rows.getString(1),
                bounds.toArray()));
        for (List<String> jtis : chunks(List.copyOf(unclaimed))) {
            List<Object> parameters = new ArrayList<>(List.of(domain));
            parameters.addAll(jtis);
            query("SELECT jti FROM writ_claims WHERE writ_domain = ? AND jti IN (" + marks(jtis.size()) + ")", what,
                    rows -> rows.getString(1), parameters.toArray()).forEach(unclaimed::remove);
        }
        List<StoredRecord> records = new ArrayList<>();
        for (List<String> jtis : chunks(List.copyOf(unclaimed))) {
            List<Object> parameters = new ArrayList<>(bounds);
            parameters.addAll(jtis);
            records.addAll(select("SELECT " + COLUMNS + window + " AND subject IN (" + marks(jtis.size()) + ")", what,
                    parameters.toArray()));
        }
        records.sort(Comparator.comparingLong(StoredRecord::timeMillis).thenComparing(StoredRecord::lane)
                .thenComparingLong(StoredRecord::seq));
        return records;
    }

    /** Health probe: the evidence table answers within the probe timeout, or this throws. */
    public void ping() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM writ_evidence WHERE 1 = 0")) {
            query.setQueryTimeout(probeTimeoutSeconds);
            query.executeQuery().close();
        } catch (SQLException e) {
            throw unavailable("evidence store does not answer", e);
        }
    }

    private List<StoredRecord> select(String sql, String what, Object... parameters) {
        return query(sql, what, EvidenceStore::read, parameters);
    }

    /** How a read turns its current row into a value. */
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Each row of a read, planned for its parameters ({@link #planEachTime}); a failure is {@code cannot read what}. */
    private <T> List<T> query(String sql, String what, RowReader<T> reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            planEachTime(query);
            query.setQueryTimeout(writeTimeoutSeconds);
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<T> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(reader.read(rows));
                }
            }
            return values;
        } catch (SQLException e) {
            throw unavailable("cannot read " + what, e);
        }
    }

    /**
     * Has PostgreSQL plan a read for its own parameters and the table's present size at every
     * execution. A statement the driver prepares on the server is planned once in general terms and
     * kept for the connection's life: planned while the table was new, it scanned every record of
     * the domain for the lowest lane, and every claim for a few writs, minutes after the table had
     * grown (D119). The reads are not on the write path, and planning one costs far less than that.
     */
    private static void planEachTime(PreparedStatement query) throws SQLException {
        if (query.isWrapperFor(PGStatement.class)) {
            query.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    }

    /** At most {@value #IN_LIST} values per {@code IN} list: one statement stays small for any window. */
    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += IN_LIST) {
            chunks.add(values.subList(from, Math.min(values.size(), from + IN_LIST)));
        }
        return chunks;
    }

    private static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static StoredRecord read(ResultSet rows) throws SQLException {
        byte[] storedHash = rows.getBytes(1);
        try {
            EvidenceRecord record = EvidenceRecord.parseFrom(rows.getBytes(2));
            byte[] bodyBytes = record.getBody().toByteArray();
            byte[] hash = Hashes.sha256(bodyBytes);
            EvidenceBody body = EvidenceBody.parseFrom(bodyBytes);
            if (!Arrays.equals(hash, storedHash)) {
                throw new EvidenceUnavailableException("stored " + EvidenceRecords.describe(body)
                        + " does not match its record hash: the evidence store is corrupt");
            }
            return new StoredRecord(new VerifiedRecord(record, body, hash), rows.getBytes(3), rows.getString(4));
        } catch (InvalidProtocolBufferException e) {
            throw new EvidenceUnavailableException("a stored evidence record cannot be parsed: the evidence store is corrupt", e);
        }
    }

    /** Refuses a row the table cannot hold (see {@link EvidenceColumn}) before it reaches a transaction. */
    static void requireStorable(StoredRecord row) {
        EvidenceBody body = row.record().body();
        EvidenceColumn.DOMAIN.require(body.getDomain());
        EvidenceColumn.LANE.require(body.getLane());
        EvidenceColumn.SUBJECT.require(body.getSubject());
        EvidenceColumn.STORY.require(row.story());
        EvidenceColumn.NODE_ID.require(body.getNodeId());
    }

    /** SQLSTATE class 22, the same in H2 and PostgreSQL: a value the database cannot hold, refused before commit. */
    private static boolean isDataException(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next.getSQLState() != null && next.getSQLState().startsWith(DATA_EXCEPTION_CLASS)) {
                return true;
            }
            if (next.getCause() instanceof SQLException cause && cause.getSQLState() != null
                    && cause.getSQLState().startsWith(DATA_EXCEPTION_CLASS)) {
                return true;
            }
        }
        return false;
    }

    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                return true;
            }
            if (next.getCause() instanceof SQLException cause && UNIQUE_VIOLATION.equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static EvidenceUnavailableException unavailable(String what, SQLException e) {
        return new EvidenceUnavailableException(what + ": " + e.getMessage(), e);
    }

    private static int seconds(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    }
}
