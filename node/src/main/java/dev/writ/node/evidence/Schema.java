package dev.writ.node.evidence;

import dev.writ.contracts.sql.SqlScript;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Runs the evidence store's idempotent DDL, one file for every dialect ({@link Dialect#ddl}), and on
 * PostgreSQL the function its one-statement group write calls ({@link GroupStatement}).
 */
final class Schema {
    static final String RESOURCE = "writ/sql/evidence.sql";
    static final String POSTGRES_RESOURCE = "writ/sql/evidence-postgres.sql";
    /** The advisory lock key under which a domain's nodes create the schema one at a time ("writ" in ASCII). */
    private static final long SCHEMA_LOCK = 0x77726974L;

    private Schema() {
    }

    static void create(DataSource dataSource, Dialect dialect) throws SQLException {
        List<String> statements = new ArrayList<>(statements(dialect));
        if (dialect == Dialect.POSTGRES) {
            statements.addAll(SqlScript.statements(POSTGRES_RESOURCE));
        }
        try (Connection connection = dataSource.getConnection()) {
            SqlScript.apply(connection, statements, SCHEMA_LOCK);
        }
    }

    /** The statements of the DDL in {@code dialect}. */
    static List<String> statements(Dialect dialect) {
        return SqlScript.statements(RESOURCE).stream().map(dialect::ddl).toList();
    }
}
