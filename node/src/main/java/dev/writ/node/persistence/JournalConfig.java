package dev.writ.node.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.writ.node.config.NodeSettings;
import java.util.Map;

/**
 * One database per domain holds the journal, the snapshots, the evidence, the anchor batches and
 * the key directory. This renders `writ.journal` into the pekko-persistence-jdbc settings (one
 * shared Slick database for journal, snapshots and queries) and opens the pool the evidence log
 * uses beside it.
 */
public final class JournalConfig {
    private JournalConfig() {
    }

    /** The persistence plugin settings for {@code journal}, to be layered over the rest of the config. */
    public static Config pekkoOverlay(NodeSettings.Journal journal) {
        String profile = journal.isPostgres() ? "slick.jdbc.PostgresProfile$" : "slick.jdbc.H2Profile$";
        String driver = journal.isPostgres() ? "org.postgresql.Driver" : "org.h2.Driver";
        if (!journal.isPostgres() && !journal.url().startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("writ.journal.url must be a jdbc:h2: or jdbc:postgresql: URL, got "
                    + journal.url());
        }
        Map<String, Object> db = Map.of(
                "url", journal.url(),
                "user", journal.user(),
                "password", journal.password(),
                "driver", driver,
                "connectionPool", "HikariCP",
                "numThreads", journal.maxConnections(),
                "maxConnections", journal.maxConnections(),
                "minConnections", 1);
        return ConfigFactory.parseMap(Map.of(
                "pekko-persistence-jdbc.shared-databases.writ.profile", profile,
                "pekko-persistence-jdbc.shared-databases.writ.db", db,
                "jdbc-journal.use-shared-db", "writ",
                "jdbc-snapshot-store.use-shared-db", "writ",
                "jdbc-read-journal.use-shared-db", "writ"));
    }

    /** The pool the evidence log, anchor batches and key directory use (not Slick's: they are plain JDBC). */
    public static HikariDataSource openPool(NodeSettings.Journal journal, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(journal.url());
        config.setUsername(journal.user());
        config.setPassword(journal.password());
        config.setMaximumPoolSize(journal.maxConnections());
        config.setMinimumIdle(1);
        // Fail fast when the database is gone: the node turns FAILED and refuses (invariant 3).
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
