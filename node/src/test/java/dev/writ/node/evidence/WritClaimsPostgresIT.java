package dev.writ.node.evidence;

import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Writ claims on the real PostgreSQL server (127.0.0.1:5432, user postgres, trust auth), two pools
 * standing for two nodes. Each test gets a fresh database, dropped after.
 */
class WritClaimsPostgresIT extends WritClaimsContract {
    private String database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = "writ_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        EvidenceStorePostgresIT.admin("CREATE DATABASE " + database);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        closeEverything(); // pools first, so the database has no sessions left
        EvidenceStorePostgresIT.admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Override
    String jdbcUrl() {
        return EvidenceStorePostgresIT.SERVER + database + "?reWriteBatchedInserts=true";
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRES;
    }
}
