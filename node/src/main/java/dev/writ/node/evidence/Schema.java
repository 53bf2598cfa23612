package dev.writ.node.evidence;

import dev.writ.contracts.sql.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/** Runs a dialect's idempotent DDL file: statements end with ';' at the end of a line. */
final class Schema {
    /** The advisory lock key under which a domain's nodes create the schema one at a time ("writ" in ASCII). */
    private static final long SCHEMA_LOCK = 0x77726974L;

    private Schema() {
    }

    static void create(DataSource dataSource, Dialect dialect) throws SQLException {
        List<String> statements = statements(dialect.schemaResource());
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            // Nodes of a domain start together; PostgreSQL's CREATE ... IF NOT EXISTS is not safe against
            // itself in parallel (a duplicate pg_type row), so the nodes take turns under an advisory lock.
            if (dialect == Dialect.POSTGRES) {
                statement.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
            }
            try {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            } finally {
                if (dialect == Dialect.POSTGRES) {
                    statement.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
                }
            }
        }
    }

    static List<String> statements(String resource) {
        return SqlScript.statements(resource);
    }
}
