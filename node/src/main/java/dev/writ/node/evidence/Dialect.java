package dev.writ.node.evidence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The SQL databases the evidence store runs on, and the one way their DDL differs. */
public enum Dialect {
    /** VARBINARY takes a bound, which H2 enforces. */
    H2("VARBINARY", true),
    /** BYTEA takes none. */
    POSTGRES("BYTEA", false);

    /** {@code ${bytes}} or {@code ${bytes(n)}}: see {@link #ddl}. */
    private static final Pattern BYTES = Pattern.compile("\\$\\{bytes(?:\\((\\d+)\\))?}");

    private final String bytesType;
    private final boolean bounded;

    Dialect(String bytesType, boolean bounded) {
        this.bytesType = bytesType;
        this.bounded = bounded;
    }

    /**
     * DDL written once for every dialect, in this one: {@code ${bytes}} becomes the byte-string type,
     * {@code ${bytes(n)}} the type bounded to n bytes where the type takes a bound. Any other
     * placeholder is refused, so a misspelt one cannot reach the database as text. Every owner of a
     * table in the domain's database writes its DDL this way (evidence.sql).
     */
    public String ddl(String template) {
        String sql = BYTES.matcher(template).replaceAll(m -> Matcher.quoteReplacement(
                bounded && m.group(1) != null ? bytesType + "(" + m.group(1) + ")" : bytesType));
        if (sql.contains("${")) {
            throw new IllegalArgumentException("an unknown placeholder in DDL: " + sql);
        }
        return sql;
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
