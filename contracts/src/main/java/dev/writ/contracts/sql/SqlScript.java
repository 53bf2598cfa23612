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

    /**
     * Runs {@code statements} in autocommit. The nodes of a domain start together, and PostgreSQL's
     * CREATE ... IF NOT EXISTS is not safe against itself in parallel (a duplicate pg_type row), so on
     * PostgreSQL they take turns under the advisory lock {@code lockKey}, one key per script.
     */
    public static void apply(Connection connection, List<String> statements, long lockKey) throws SQLException {
        connection.setAutoCommit(true);
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgresql");
        try (Statement statement = connection.createStatement()) {
            if (postgres) {
                statement.execute("SELECT pg_advisory_lock(" + lockKey + ")");
            }
            try {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            } finally {
                if (postgres) {
                    statement.execute("SELECT pg_advisory_unlock(" + lockKey + ")");
                }
            }
        }
    }
}
