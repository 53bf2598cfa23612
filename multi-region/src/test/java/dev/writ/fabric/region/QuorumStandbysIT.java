package dev.writ.fabric.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A domain's database across three regions (docs/regions.md): a primary in eu, synchronous standbys
 * in us and ap under quorum commit ({@code ANY 1 ("us", "ap")}), on private PostgreSQL servers
 * started for the test. Losing a standby's region does not stop commits; losing the primary's
 * under a stream of writes, the most advanced standby is promoted, the other follows it as its
 * synchronous standby, and every acknowledged row is on both; the lost primary then rejoins.
 */
class QuorumStandbysIT {
    private static final Duration LINK_DELAY = Duration.ofMillis(5);
    private ReplicatedDatabase database;

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void losingAnyOneRegionLosesNoAcknowledgedRow() throws Exception {
        Path dir = Path.of("target", "it-quorum-" + UUID.randomUUID()).toAbsolutePath();
        database = ReplicatedDatabase.start(dir, LINK_DELAY, List.of("eu", "us", "ap"));
        ReplicatedDatabase db = database;
        String domain = Rows.primaryUrl(db);
        assertThat(db.syncStates()).containsEntry("us", "quorum").containsEntry("ap", "quorum");
        Rows.createTable(domain);

        // a standby's region lost: commits go on with the other standby
        db.server("ap").kill();
        Rows.insert(domain, 0, 20);
        db.server("ap").start();
        db.awaitSynchronousStandby(Duration.ofSeconds(60));

        // the primary's region lost under a stream of writes
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> write(domain, 1000, acknowledged, writing), "writer");
        writer.start();
        awaitAtLeast(acknowledged, 100);
        db.losePrimary();
        ReplicatedDatabase.Promotion promotion = db.promoteMostAdvanced();
        int before = acknowledged.size();
        awaitAtLeast(acknowledged, before + 100);
        writing.set(false);
        writer.join(Duration.ofSeconds(60).toMillis());

        String other = promotion.promoted().equals("us") ? "ap" : "us";
        Lsn chosen = promotion.positions().stream().filter(p -> p.name().equals(promotion.promoted())).findFirst()
                .orElseThrow().reach();
        assertThat(promotion.positions()).allSatisfy(p -> assertThat(p.reach()).isLessThanOrEqualTo(chosen));
        assertThat(db.syncStates()).containsOnlyKeys(other).containsEntry(other, "quorum");
        Set<Integer> onPrimary = Rows.ids(Rows.serverUrl(db, promotion.promoted()));
        assertThat(onPrimary).containsAll(acknowledged).containsAll(range(0, 20));
        assertThat(Rows.idsOnceReplayed(db, other, Duration.ofSeconds(30))).containsAll(acknowledged);

        // eu's region back: it rejoins; any commit it wrote that no standby confirmed was never acknowledged
        StandbyRejoin.Outcome rejoined = db.rejoin("eu", true);
        assertThat(rejoined.syncState()).isEqualTo("quorum");
        assertThat(db.syncStates()).containsOnlyKeys(other, "eu");
        assertThat(Rows.idsOnceReplayed(db, "eu", Duration.ofSeconds(30))).containsAll(acknowledged).containsAll(range(0, 20));
        Files.writeString(Path.of("target", "quorum-failover.txt"), "replication link delay (one way): "
                + LINK_DELAY.toMillis() + " ms\nrows acknowledged: " + acknowledged.size() + ", lost: 0\n"
                + "standby positions at the loss: " + promotion.positions() + "\npromoted: " + promotion.promoted()
                + "\npg_ctl promote until it accepts writes: " + promotion.took().toMillis() + " ms\n"
                + "eu rejoined by " + rejoined.method() + ", " + rejoined.discardedCommits() + " diverged commit(s) discarded\n");
    }

    /** Inserts rows from {@code first} on, one commit each, recording each acknowledged; retries through the failover. */
    private static void write(String url, int first, Set<Integer> acknowledged, AtomicBoolean writing) {
        int next = first;
        while (writing.get()) {
            try (Connection c = Rows.connect(url); PreparedStatement p = c.prepareStatement("INSERT INTO acked VALUES (?, 'acked')")) {
                while (writing.get()) {
                    p.setInt(1, next);
                    p.executeUpdate();
                    acknowledged.add(next);
                    next++;
                }
            } catch (SQLException e) {
                next++; // the row in flight may or may not have committed; it was not acknowledged
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static void awaitAtLeast(Set<Integer> acknowledged, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (acknowledged.size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("only " + acknowledged.size() + " rows acknowledged, waited for " + count);
            }
            Thread.sleep(20);
        }
    }

    private static Set<Integer> range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).boxed().collect(java.util.stream.Collectors.toSet());
    }
}
