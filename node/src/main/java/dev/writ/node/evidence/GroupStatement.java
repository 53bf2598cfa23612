package dev.writ.node.evidence;

import dev.writ.protocol.wire.EvidenceBody;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL: a group's claims and records in one statement, sent in autocommit, so one round trip
 * to the database makes them durable together (D109). Each claim table's claims are one
 * {@code INSERT … ON CONFLICT DO NOTHING RETURNING} in a data-modifying CTE, the tables in key order
 * and each gated on the one before (so the rows are taken in key order, as the transaction path
 * takes them); the records are one more; and the statement's answer is
 * {@code writ_require_claims_won} (evidence-postgres.sql) over the claims inserted, which raises
 * {@link #CLAIM_LOST} when one was held already. Then the statement fails and nothing of it is kept:
 * a claim is never durable without its records, nor a record of an append whose claim was lost.
 */
final class GroupStatement {
    /** SQLSTATE the check raises when a claim of the group was held already (evidence-postgres.sql). */
    static final String CLAIM_LOST = "WRLST";
    /** Bind parameters one statement may carry (the protocol counts them in 16 bits); a larger group takes the transaction path. */
    static final int MAX_PARAMETERS = 65_535;

    static final String RECORD_COLUMNS = "(domain, lane, seq, record_hash, record, payload, kind, subject, story, node_id,"
            + " time_millis)";
    private static final String RECORD_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int RECORD_PARAMETERS = 11;

    private GroupStatement() {
    }

    /**
     * Whether no key is claimed twice in the group: a second claim of a key is lost for certain, so
     * such a group goes straight to the transaction path, without sealing for a statement bound to fail.
     */
    static boolean distinctKeys(List<? extends Claim> claims) {
        Set<String> keys = new HashSet<>();
        for (Claim claim : claims) {
            if (!keys.add(ClaimRows.key(claim))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code claims} and {@code records} fit the parameters of one statement. */
    static boolean fits(List<? extends Claim> claims, int records) {
        int parameters = records * RECORD_PARAMETERS + 1;
        for (Claim claim : claims) {
            parameters += ClaimRows.parameters(claim);
        }
        return parameters <= MAX_PARAMETERS;
    }

    /**
     * Writes {@code claims} (in key order, distinct keys: {@link #distinctKeys}) and {@code records} in one
     * statement on {@code connection}, which must be in autocommit. True when every claim was won and
     * all of it is durable; false when a claim was held already, and then nothing was kept.
     */
    static boolean write(Connection connection, List<? extends Claim> claims, List<StoredRecord> records,
                         int timeoutSeconds) throws SQLException {
        List<List<Claim>> byTable = byTable(claims);
        try (PreparedStatement statement = connection.prepareStatement(sql(byTable, records.size()))) {
            statement.setQueryTimeout(timeoutSeconds);
            int column = 1;
            for (List<Claim> table : byTable) {
                for (Claim claim : table) {
                    column = ClaimRows.bindRow(statement, claim, column);
                }
            }
            for (StoredRecord record : records) {
                column = bindRecord(statement, record, column);
            }
            if (claims.isEmpty()) {
                statement.executeUpdate();
                return true;
            }
            statement.setLong(column, claims.size());
            try (ResultSet answer = statement.executeQuery()) {
                answer.next();
                return true;
            }
        } catch (SQLException e) {
            if (CLAIM_LOST.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Binds a record's row from parameter {@code column} on; answers the next free parameter. */
    static int bindRecord(PreparedStatement statement, StoredRecord stored, int column) throws SQLException {
        EvidenceBody body = stored.record().body();
        statement.setString(column, body.getDomain());
        statement.setString(column + 1, body.getLane());
        statement.setLong(column + 2, body.getSeq());
        statement.setBytes(column + 3, stored.record().hash());
        statement.setBytes(column + 4, stored.record().record().toByteArray());
        statement.setBytes(column + 5, stored.payload());
        statement.setShort(column + 6, (short) body.getKindValue());
        statement.setString(column + 7, body.getSubject());
        statement.setString(column + 8, stored.story());
        statement.setString(column + 9, body.getNodeId());
        statement.setLong(column + 10, body.getTimeMillis());
        return column + RECORD_PARAMETERS;
    }

    /** Claims in key order, cut where the table changes: key order starts with the table. */
    private static List<List<Claim>> byTable(List<? extends Claim> claims) {
        List<List<Claim>> tables = new ArrayList<>();
        for (Claim claim : claims) {
            if (tables.isEmpty() || !ClaimRows.table(tables.get(tables.size() - 1).get(0)).equals(ClaimRows.table(claim))) {
                tables.add(new ArrayList<>());
            }
            tables.get(tables.size() - 1).add(claim);
        }
        return tables;
    }

    /**
     * Without claims, the records' insert alone. With claims: {@code c0 … ck} insert each table's
     * claims, {@code ci} only once {@code c(i-1)} has run (its count is the gate: a CTE's rows are
     * produced when first read); {@code r} inserts the records; the answer checks the count.
     */
    private static String sql(List<List<Claim>> byTable, int records) {
        String recordRows = String.join(", ", Collections.nCopies(records, RECORD_ROW));
        String insertRecords = "INSERT INTO writ_evidence " + RECORD_COLUMNS + " VALUES " + recordRows;
        if (byTable.isEmpty()) {
            return insertRecords;
        }
        StringBuilder sql = new StringBuilder("WITH ");
        List<String> counts = new ArrayList<>();
        for (int i = 0; i < byTable.size(); i++) {
            List<Claim> table = byTable.get(i);
            String rows = String.join(", ", Collections.nCopies(table.size(), ClaimRows.row(table.get(0))));
            String source = i == 0 ? "VALUES " + rows
                    : "SELECT * FROM (VALUES " + rows + ") v WHERE (SELECT count(*) FROM c" + (i - 1) + ") >= 0";
            sql.append('c').append(i).append(" AS (INSERT INTO ").append(ClaimRows.table(table.get(0))).append(' ')
                    .append(ClaimRows.columns(table.get(0))).append(' ').append(source)
                    .append(" ON CONFLICT DO NOTHING RETURNING 1), ");
            counts.add("(SELECT count(*) FROM c" + i + ")");
        }
        if (records > 0) {
            sql.append("r AS (").append(insertRecords).append(") ");
        } else {
            sql.setLength(sql.length() - 2);
            sql.append(' ');
        }
        return sql.append("SELECT writ_require_claims_won(").append(String.join(" + ", counts)).append(", ?)").toString();
    }
}
