package dev.writ.node.evidence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The evidence log and store on the real PostgreSQL server (127.0.0.1:5432, user postgres, trust
 * auth). Each test gets a fresh database, created through the postgres database and dropped after.
 */
class EvidenceStorePostgresIT extends EvidenceLogContract {
    static final String SERVER = System.getProperty("writ.it.postgres", "jdbc:postgresql://127.0.0.1:5432/");

    private String database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = "writ_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        closeEverything(); // pools first, so the database has no sessions left
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Override
    String jdbcUrl() {
        // rewriting batched inserts into multi-row INSERTs makes a group one round trip
        return SERVER + database + "?reWriteBatchedInserts=true";
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRES;
    }

    static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
