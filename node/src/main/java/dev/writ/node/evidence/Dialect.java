package dev.writ.node.evidence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The SQL databases the evidence store runs on; each has its own DDL file. */
public enum Dialect {
    H2("writ/sql/evidence-h2.sql"),
    POSTGRES("writ/sql/evidence-postgres.sql");

    private final String schemaResource;

    Dialect(String schemaResource) {
        this.schemaResource = schemaResource;
    }

    /** The class-path resource holding this dialect's idempotent DDL. */
    public String schemaResource() {
        return schemaResource;
    }

    /** The dialect of a JDBC URL such as {@code jdbc:h2:file:...} or {@code jdbc:postgresql://...}. */
    public static Dialect fromJdbcUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("no evidence store dialect for JDBC URL " + redact(url)
                + " (supported: jdbc:h2:, jdbc:postgresql:)");
    }

    /** The dialect of a database, from its product name (opens one connection). */
    public static Dialect of(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return fromProductName(connection.getMetaData().getDatabaseProductName());
        }
    }

    static Dialect fromProductName(String product) {
        String lower = product.toLowerCase(Locale.ROOT);
        if (lower.equals("h2")) {
            return H2;
        }
        if (lower.contains("postgresql")) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("no evidence store dialect for database " + product
                + " (supported: H2, PostgreSQL)");
    }

    private static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
