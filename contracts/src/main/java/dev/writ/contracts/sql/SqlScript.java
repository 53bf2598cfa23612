package dev.writ.contracts.sql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An idempotent DDL file on the class path (the evidence schema, the anchoring outbox), run by every
 * node at start: blank lines and {@code --} comments are skipped, and a statement ends with ';' at the
 * end of a line. A file whose last statement has no ';' is refused rather than half applied.
 */
public final class SqlScript {
    private SqlScript() {
    }

    public static List<String> statements(String resource) {
        String text;
        try (InputStream in = SqlScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is missing from the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema " + resource, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("schema " + resource + " ends without ';'");
        }
        return statements;
    }

    /** How often a script is run again on a database without advisory locks, when a concurrent run got in its way. */
    private static final int UNLOCKED_ATTEMPTS = 5;

    /**
     * Runs {@code statements} in autocommit. The nodes of a domain start together, and CREATE ... IF
     * NOT EXISTS is not safe against itself in parallel: on PostgreSQL (a duplicate pg_type row) they
     * take turns under the advisory lock {@code lockKey}, one key per script; H2 has no such lock and
     * can report an object another connection is creating at that moment as existing, so there the
     * whole script (idempotent) runs again after a short pause.
     */
    public static void apply(Connection connection, List<String> statements, long lockKey) throws SQLException {
        connection.setAutoCommit(true);
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgresql");
        try (Statement statement = connection.createStatement()) {
            if (postgres) {
                statement.execute("SELECT pg_advisory_lock(" + lockKey + ")");
                try {
                    run(statement, statements);
                } finally {
                    statement.execute("SELECT pg_advisory_unlock(" + lockKey + ")");
                }
                return;
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    run(statement, statements);
                    return;
                } catch (SQLException e) {
                    if (attempt == UNLOCKED_ATTEMPTS) {
                        throw e;
                    }
                    pause(attempt);
                }
            }
        }
    }

    private static void run(Statement statement, List<String> statements) throws SQLException {
        for (String sql : statements) {
            statement.execute(sql);
        }
    }

    private static void pause(int attempt) throws SQLException {
        try {
            Thread.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while creating the schema", e);
        }
    }
}
