package dev.writ.contracts.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The outbox's one DDL file on the real PostgreSQL server (127.0.0.1:5432), as a domain's nodes create it at start. */
class AnchorOutboxPostgresIT {
    @Test
    void nodesStartingTogetherEachCreateTheOutboxWithoutFailing() throws Exception {
        PGSimpleDataSource db = OutboxDatabases.emptyPostgres();
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(CompletableFuture.runAsync(() -> AnchorOutbox.createSchema(db), nodes));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            OutboxEntry queued = OutboxDatabases.seal(db, "acme", 0, 3, OutboxDatabases.root("acme", 0), 10);
            assertThat(new AnchorOutbox(db).open("acme", 10)).containsExactly(queued);
        } finally {
            nodes.shutdownNow();
            OutboxDatabases.dropPostgres(db);
        }
    }
}
