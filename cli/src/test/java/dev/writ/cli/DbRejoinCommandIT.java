package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.fabric.region.ReplicatedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `writ db rejoin` as an operator runs it, on private PostgreSQL servers started for the test: the
 * old primary, started again on its own, is refused; stopped, it is rejoined as the promoted
 * server's synchronous standby.
 */
class DbRejoinCommandIT {
    private ReplicatedDatabase database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theOldPrimaryIsRefusedWhileItRunsAndRejoinedOnceStopped() throws Exception {
        database = ReplicatedDatabase.start(Path.of("target", "it-db-rejoin-" + UUID.randomUUID()).toAbsolutePath(),
                Duration.ZERO, List.of("eu", "us"));
        database.losePrimary();
        database.promoteMostAdvanced();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + database.server("us").port()
                + "/postgres", "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE after_promotion (id integer)");
        }
        String[] rejoin = {"db", "rejoin", "--data-dir", database.server("eu").dataDirectory().toString(),
                "--port", Integer.toString(database.server("eu").port()),
                "--primary", "127.0.0.1:" + database.server("us").port(), "--name", "eu"};

        database.server("eu").start();
        CliRun refused = CliRun.of(rejoin);
        assertThat(refused.exit()).as(refused.out()).isEqualTo(DbRejoinCommand.REFUSED);
        assertThat(refused.out()).startsWith("REFUSED: REJOIN_TARGET_IS_PRIMARY");

        database.server("eu").kill();
        CliRun rejoined = CliRun.of(rejoin);
        assertThat(rejoined.exit()).as(rejoined.out()).isEqualTo(DbRejoinCommand.REJOINED);
        assertThat(rejoined.out()).contains("by REWIND").containsPattern("sync_state (sync|quorum)");
        assertThat(database.syncStates()).containsKey("eu");
    }
}
