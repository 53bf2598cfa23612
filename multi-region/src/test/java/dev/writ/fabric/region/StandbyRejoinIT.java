package dev.writ.fabric.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lost primary rebuilt as a synchronous standby of the server promoted in its place
 * (docs/regions.md), on private PostgreSQL servers started for the test (initdb and pg_ctl on free
 * ports; the shared server is not touched): the domain's rows written before the loss and after
 * the promotion are all on the rejoined server, which the new primary reports synchronous; a
 * rejoin is refused while the old primary accepts writes, and when it holds a commit the new
 * primary lacks, unless the operator accepts discarding it.
 */
class StandbyRejoinIT {
    private static final Duration LINK_DELAY = Duration.ofMillis(5);
    private ReplicatedDatabase database;

    private ReplicatedDatabase start() {
        Path dir = Path.of("target", "it-rejoin-" + UUID.randomUUID()).toAbsolutePath();
        database = ReplicatedDatabase.start(dir, LINK_DELAY, List.of("eu", "us"));
        return database;
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aLostPrimaryRejoinsAsASynchronousStandbyHoldingEveryRow() throws Exception {
        ReplicatedDatabase db = start();
        String domain = Rows.primaryUrl(db);
        Rows.createTable(domain);
        Rows.insert(domain, 0, 50);

        db.losePrimary();
        assertThat(db.promoteMostAdvanced().promoted()).isEqualTo("us");
        Rows.insert(domain, 50, 100);

        StandbyRejoin.Outcome outcome = db.rejoin("eu", false);

        assertThat(outcome.method()).isEqualTo(StandbyRejoin.Method.REWIND);
        assertThat(outcome.discardedCommits()).isZero();
        assertThat(outcome.syncState()).isIn("sync", "quorum");
        assertThat(db.syncStates()).containsOnlyKeys("eu").hasEntrySatisfying("eu", s -> assertThat(s).isIn("sync", "quorum"));
        // a commit now waits for eu, and eu has every row, from before the loss and after the promotion
        Rows.insert(domain, 100, 110);
        assertThat(Rows.idsOnceReplayed(db, "eu", Duration.ofSeconds(30)))
                .isEqualTo(IntStream.range(0, 110).boxed().collect(Collectors.toSet()));
    }

    @Test
    void aRejoinIsRefusedWhileTheOldPrimaryAcceptsWritesOrWhenItWouldDiscardACommit() throws Exception {
        ReplicatedDatabase db = start();
        String domain = Rows.primaryUrl(db);
        Rows.createTable(domain);
        Rows.insert(domain, 0, 20);
        db.losePrimary();
        db.promoteMostAdvanced();

        // the old primary comes back on its own, fenced from the others, and is a primary again
        db.server("eu").start();
        assertThatThrownBy(() -> db.rejoin("eu", false)).isInstanceOfSatisfying(RejoinRefusal.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(RejoinRefusal.TARGET_IS_PRIMARY));
        // someone writes to it without waiting for a standby: a commit the new primary will never have
        try (Connection c = Rows.connect(Rows.serverUrl(db, "eu")); Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = local");
            s.execute("INSERT INTO acked VALUES (-1, 'only on the old primary')");
        }
        db.server("eu").kill();

        assertThatThrownBy(() -> db.rejoin("eu", false)).isInstanceOfSatisfying(RejoinRefusal.Refused.class,
                r -> assertThat(r.refusal()).isEqualTo(RejoinRefusal.WOULD_DISCARD_COMMITS))
                .hasMessageContaining("REJOIN_WOULD_DISCARD_COMMITS");
        assertThat(db.server("eu").dataDirectory().resolve("standby.signal")).doesNotExist();

        StandbyRejoin.Outcome outcome = db.rejoin("eu", true);
        assertThat(outcome.discardedCommits()).isPositive();
        assertThat(outcome.syncState()).isIn("sync", "quorum");
        Rows.insert(domain, 20, 30);
        assertThat(Rows.idsOnceReplayed(db, "eu", Duration.ofSeconds(30)))
                .isEqualTo(IntStream.range(0, 30).boxed().collect(Collectors.toSet()));
        assertThat(Files.exists(db.server("eu").dataDirectory().resolve("standby.signal"))).isTrue();
    }
}
