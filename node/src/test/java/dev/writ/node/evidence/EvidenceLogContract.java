package dev.writ.node.evidence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.ChainReport;
import dev.writ.protocol.evidence.ChainVerifier;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.EvidenceKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the evidence log and store must do on any database: the H2 unit test and the PostgreSQL
 * integration test run these same checks.
 */
abstract class EvidenceLogContract {
    static final String DOMAIN = "acme";
    static final Duration WAIT = Duration.ofSeconds(60);

    final SigningKey key = SigningKey.generate();
    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** The JDBC URL of a database that is empty at the start of each test and survives pools. */
    abstract String jdbcUrl();

    abstract Dialect dialect();

    HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(dialect() == Dialect.POSTGRES ? "postgres" : "sa");
        config.setMaximumPoolSize(12);
        config.setConnectionTimeout(5_000);
        HikariDataSource pool = new HikariDataSource(config);
        opened.add(pool);
        return pool;
    }

    EvidenceStore store(DataSource dataSource) {
        EvidenceStore store = new EvidenceStore(dataSource, dialect(), Duration.ofSeconds(10), Duration.ofSeconds(1));
        store.createSchema();
        return store;
    }

    EvidenceLog log(EvidenceStore store, String nodeId, int lanes, int maxBatch) {
        EvidenceLog log = new EvidenceLog(store, key, DOMAIN, nodeId, lanes, maxBatch, clock, ForkJoinPool.commonPool());
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        opened.clear();
    }

    static EvidenceLog.Entry entry(EvidenceKind kind, String subject) {
        return new EvidenceLog.Entry(kind, subject, (kind + ":" + subject).getBytes(StandardCharsets.UTF_8));
    }

    /** Waits (bounded) until a revalidated log's lanes have read their heads. */
    static void awaitHealthy(EvidenceLog log) throws InterruptedException {
        for (int i = 0; i < 300 && !log.healthy(); i++) {
            Thread.sleep(20);
        }
        assertThat(log.healthy()).as("healthy after revalidate").isTrue();
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException, TimeoutException {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the append to fail, but it succeeded");
    }

    /** Every stored record of the domain: signed by our key, payload matching, lanes contiguous. */
    ChainReport.Intact assertIntact(EvidenceStore store) throws Exception {
        KeyRing ring = KeyRing.of(DOMAIN, key.verifyingKey());
        List<dev.writ.protocol.wire.EvidenceRecord> all = new ArrayList<>();
        for (String lane : store.lanes(DOMAIN)) {
            for (StoredRecord stored : store.range(DOMAIN, lane, 0, Long.MAX_VALUE)) {
                EvidenceRecords.openWithPayload(stored.record().record(), stored.payload(), ring);
                all.add(stored.record().record());
            }
        }
        ChainReport report = new ChainVerifier(ring).verify(DOMAIN, all);
        assertThat(report).isInstanceOf(ChainReport.Intact.class);
        return (ChainReport.Intact) report;
    }

    @Test
    void aLogStartedOverAnExistingStoreContinuesEachLaneFromItsStoredHead() throws Exception {
        List<VerifiedRecord> before;
        try (HikariDataSource first = pool(); EvidenceLog log = new EvidenceLog(store(first), key, DOMAIN, "n1", 2, 16, clock, ForkJoinPool.commonPool())) {
            before = await(log.append("story-a", List.of(entry(EvidenceKind.PROPOSAL, "p1"),
                    entry(EvidenceKind.DECISION, "p1"))));
        }
        EvidenceStore reopened = store(pool());
        EvidenceLog restarted = log(reopened, "n1", 2, 16);
        List<VerifiedRecord> after = await(restarted.append("story-a", List.of(entry(EvidenceKind.ISSUANCE, "jti-1"))));

        VerifiedRecord last = before.get(1);
        VerifiedRecord next = after.get(0);
        assertThat(next.body().getLane()).isEqualTo(last.body().getLane());
        assertThat(next.body().getSeq()).isEqualTo(last.body().getSeq() + 1);
        assertThat(next.body().getPrevHash().toByteArray()).isEqualTo(last.hash());
        assertThat(reopened.head(DOMAIN, next.body().getLane())).contains(next.next());
        assertThat(assertIntact(reopened).records()).isEqualTo(3);
    }

    @Test
    void anEmptyLaneStartsAtGenesis() throws Exception {
        EvidenceStore store = store(pool());
        EvidenceLog log = log(store, "n1", 1, 16);
        VerifiedRecord first = await(log.append("s", List.of(entry(EvidenceKind.PROPOSAL, "p")))).get(0);
        assertThat(first.body().getLane()).isEqualTo("n1-0");
        assertThat(first.body().getSeq()).isZero();
        assertThat(first.body().getPrevHash().toByteArray()).isEqualTo(ChainHead.genesis(DOMAIN, "n1-0").lastHash());
    }

    @Test
    void concurrentAppendsFormContiguousChainsAndKeepEachCallsEntriesTogether() throws Exception {
        EvidenceStore store = store(pool());
        EvidenceLog log = log(store, "n1", 4, 32);
        int threads = 16;
        int perThread = 100;
        List<CompletableFuture<List<VerifiedRecord>>> futures = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<List<CompletableFuture<List<VerifiedRecord>>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitted.add(CompletableFuture.supplyAsync(() -> {
                    List<CompletableFuture<List<VerifiedRecord>>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        String story = "story-" + thread + "-" + i;
                        List<EvidenceLog.Entry> entries = new ArrayList<>();
                        for (int e = 0; e <= i % 3; e++) {
                            entries.add(entry(EvidenceKind.forNumber(1 + e), story + "/" + e));
                        }
                        mine.add(log.append(story, entries));
                    }
                    return mine;
                }, callers));
            }
            for (var s : submitted) {
                futures.addAll(await(s));
            }
        } finally {
            callers.shutdown();
        }
        int expectedRecords = 0;
        for (CompletableFuture<List<VerifiedRecord>> future : futures) {
            List<VerifiedRecord> records = await(future);
            expectedRecords += records.size();
            String lane = records.get(0).body().getLane();
            for (int i = 1; i < records.size(); i++) {
                assertThat(records.get(i).body().getLane()).isEqualTo(lane);
                assertThat(records.get(i).body().getSeq()).isEqualTo(records.get(0).body().getSeq() + i);
            }
            StoredRecord stored = store.range(DOMAIN, lane, records.get(0).body().getSeq(),
                    records.get(0).body().getSeq()).get(0);
            assertThat(stored.record().hash()).isEqualTo(records.get(0).hash());
        }
        ChainReport.Intact intact = assertIntact(store);
        assertThat(intact.records()).isEqualTo(expectedRecords);
        assertThat(store.lanes(DOMAIN)).containsExactlyElementsOf(log.laneNames());
        assertThat(log.stats().recordsWritten()).isEqualTo(expectedRecords);
        assertThat(log.stats().appendsWritten()).isEqualTo(threads * perThread);
        assertThat(log.healthy()).isTrue();
    }

    @Test
    void appendsThatArriveWhileALaneIsWritingShareOneTransaction() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        int lanes = 4;
        int maxBatch = 64;
        EvidenceLog log = log(store, "n1", lanes, maxBatch);
        int appends = 1_000;
        dataSource.closeGate(); // each lane's first write waits until every append is queued
        List<CompletableFuture<List<VerifiedRecord>>> futures = new ArrayList<>();
        for (int i = 0; i < appends; i++) {
            futures.add(log.append("story-" + i, List.of(entry(EvidenceKind.DECISION, "d" + i))));
        }
        dataSource.openGate();
        for (CompletableFuture<List<VerifiedRecord>> future : futures) {
            await(future);
        }
        EvidenceLog.Stats stats = log.stats();
        assertThat(stats.appendsWritten()).isEqualTo(appends);
        assertThat(stats.batchesWritten()).isLessThan(appends);
        // per lane: at most the one held at the gate, then full groups of maxBatch
        assertThat(stats.batchesWritten()).isLessThanOrEqualTo(2L * lanes + appends / maxBatch);
        assertThat(assertIntact(store).records()).isEqualTo(appends);
    }

    @Test
    void aFailedCommitRefusesTheWholeGroupAndTheNextAppendContinuesWithoutAGap() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1, 64);
        VerifiedRecord first = await(log.append("s0", List.of(entry(EvidenceKind.PROPOSAL, "p0")))).get(0);

        dataSource.fail(FaultyDataSource.Fault.FAIL_COMMIT);
        List<CompletableFuture<List<VerifiedRecord>>> refused = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            refused.add(log.append("s" + i, List.of(entry(EvidenceKind.PROPOSAL, "p" + i), entry(EvidenceKind.DECISION, "p" + i))));
        }
        for (CompletableFuture<List<VerifiedRecord>> future : refused) {
            assertThat(failureOf(future)).isInstanceOf(EvidenceUnavailableException.class)
                    .hasMessageContaining("could not be persisted");
        }
        assertThat(log.healthy()).isFalse();
        assertThat(log.lastError()).contains("commit failed");

        dataSource.heal();
        VerifiedRecord next = await(log.append("s6", List.of(entry(EvidenceKind.PROPOSAL, "p6")))).get(0);
        assertThat(next.body().getSeq()).isEqualTo(first.body().getSeq() + 1);
        assertThat(next.body().getPrevHash().toByteArray()).isEqualTo(first.hash());
        assertThat(log.healthy()).isTrue();
        assertThat(log.stats().failedAppends()).isEqualTo(5);
        assertThat(assertIntact(store).records()).isEqualTo(2);
    }

    @Test
    void anUnreachableStoreRefusesAppendsAndTheLogRecoversWhenItAnswersAgain() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1, 64);
        VerifiedRecord first = await(log.append("s0", List.of(entry(EvidenceKind.PROPOSAL, "p0")))).get(0);

        dataSource.fail(FaultyDataSource.Fault.REFUSE_CONNECTIONS);
        assertThat(failureOf(log.append("s1", List.of(entry(EvidenceKind.PROPOSAL, "p1")))))
                .isInstanceOf(EvidenceUnavailableException.class);
        // the head could not be re-read either: the lane is unreachable, and refuses in the call
        // itself, without waiting for a connection, until a probe reads its head
        CompletableFuture<List<VerifiedRecord>> refusedAtOnce = log.append("s2", List.of(entry(EvidenceKind.PROPOSAL, "p2")));
        assertThat(refusedAtOnce).isCompletedExceptionally();
        assertThat(failureOf(refusedAtOnce)).isInstanceOf(EvidenceUnavailableException.class)
                .hasMessageContaining("refusing at once");
        assertThatThrownBy(store::ping).isInstanceOf(EvidenceUnavailableException.class);
        assertThat(log.healthy()).isFalse();

        dataSource.heal();
        assertThat(log.append("s3", List.of(entry(EvidenceKind.PROPOSAL, "p3")))).as("nothing probed yet")
                .isCompletedExceptionally();
        store.ping();
        log.revalidate(); // as the health monitor does once the store answers its probe
        awaitHealthy(log);
        VerifiedRecord next = await(log.append("s4", List.of(entry(EvidenceKind.PROPOSAL, "p4")))).get(0);
        assertThat(next.body().getSeq()).isEqualTo(1);
        assertThat(next.body().getPrevHash().toByteArray()).isEqualTo(first.hash());
        assertThat(log.healthy()).isTrue();
        assertThat(assertIntact(store).records()).isEqualTo(2);
    }

    @Test
    void aCommitWhoseAcknowledgementIsLostIsRefusedButNeverForksTheChain() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1, 64);
        dataSource.fail(FaultyDataSource.Fault.LOSE_COMMIT_ACK);
        assertThat(failureOf(log.append("s0", List.of(entry(EvidenceKind.PROPOSAL, "p0")))))
                .isInstanceOf(EvidenceUnavailableException.class);
        dataSource.heal();
        // the record did land: the head read from the store continues after it
        VerifiedRecord next = await(log.append("s1", List.of(entry(EvidenceKind.PROPOSAL, "p1")))).get(0);
        assertThat(next.body().getSeq()).isEqualTo(1);
        assertThat(assertIntact(store).records()).isEqualTo(2);
    }

    @Test
    void twoWritersOnOneLaneCannotForkIt() throws Exception {
        EvidenceStore store = store(pool());
        EvidenceLog winner = log(store, "n1", 1, 16);
        EvidenceLog impostor = log(store, "n1", 1, 16); // same lanes, both start at genesis

        VerifiedRecord won = await(winner.append("a", List.of(entry(EvidenceKind.PROPOSAL, "a")))).get(0);
        Throwable lost = failureOf(impostor.append("b", List.of(entry(EvidenceKind.PROPOSAL, "b"))));
        assertThat(lost).isInstanceOf(EvidenceUnavailableException.class).hasMessageContaining("another writer");
        assertThat(impostor.healthy()).isFalse();

        // the loser re-read the head: it now links after the winner instead of forking
        VerifiedRecord linked = await(impostor.append("c", List.of(entry(EvidenceKind.PROPOSAL, "c")))).get(0);
        assertThat(linked.body().getSeq()).isEqualTo(won.body().getSeq() + 1);
        assertThat(linked.body().getPrevHash().toByteArray()).isEqualTo(won.hash());
        assertThat(assertIntact(store).records()).isEqualTo(2);
    }

    @Test
    void aBatchIsAllOrNothing() throws Exception {
        EvidenceStore store = store(pool());
        EvidenceLog log = log(store, "n1", 1, 16);
        VerifiedRecord taken = await(log.append("s", List.of(entry(EvidenceKind.PROPOSAL, "p")))).get(0);
        ChainHead genesis = ChainHead.genesis(DOMAIN, "n1-0");
        // a batch whose second record collides with a stored one: the first must not land either
        VerifiedRecord otherLane = EvidenceRecords.seal(key, "n1", ChainHead.genesis(DOMAIN, "n1-9"),
                EvidenceKind.PROPOSAL, "x", new byte[32], 1L);
        VerifiedRecord collision = EvidenceRecords.seal(key, "n1", genesis, EvidenceKind.PROPOSAL, "y", new byte[32], 1L);
        assertThatThrownBy(() -> store.appendBatch(List.of(new StoredRecord(otherLane, new byte[0], ""),
                new StoredRecord(collision, new byte[0], ""))))
                .isInstanceOf(EvidenceUnavailableException.class);
        assertThat(store.lanes(DOMAIN)).containsExactly("n1-0");
        assertThat(store.range(DOMAIN, "n1-0", 0, 10)).extracting(r -> Arrays.toString(r.record().hash()))
                .containsExactly(Arrays.toString(taken.hash()));
    }

    @Test
    void anAppendTheStoreCannotHoldIsRefusedAloneAndTheAppendsGroupedWithItAreDurable() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1, 64);
        List<CompletableFuture<List<VerifiedRecord>>> valid = new ArrayList<>();
        List<CompletableFuture<List<VerifiedRecord>>> bad = new ArrayList<>();
        dataSource.closeGate(); // the first write waits: everything after it is one group
        valid.add(log.append("s0", List.of(entry(EvidenceKind.PROPOSAL, "p0"))));
        bad.add(log.append("s-\u0000", List.of(entry(EvidenceKind.REFUSAL, "r1"))));
        valid.add(log.append("s1", List.of(entry(EvidenceKind.PROPOSAL, "p1"), entry(EvidenceKind.DECISION, "p1"))));
        bad.add(log.append("s2", List.of(entry(EvidenceKind.PROPOSAL, "p2"), entry(EvidenceKind.REFUSAL, "p-\u0000"))));
        valid.add(log.append("s3", List.of(entry(EvidenceKind.PROPOSAL, "p3"))));
        bad.add(log.append("s".repeat(513), List.of(entry(EvidenceKind.REFUSAL, "r4"))));
        bad.add(log.append("s5", List.of(entry(EvidenceKind.REFUSAL, "r".repeat(1025)))));
        bad.add(log.append("s6", List.of(entry(EvidenceKind.REFUSAL, "r-\uD800"))));
        valid.add(log.append("s7", List.of(entry(EvidenceKind.PROPOSAL, "p7"))));
        dataSource.openGate();

        for (CompletableFuture<List<VerifiedRecord>> future : bad) {
            assertThat(failureOf(future)).isInstanceOf(EvidenceRejectedException.class)
                    .hasMessageNotContaining("\u0000").hasMessageNotContaining("sss");
        }
        long seq = 0;
        for (CompletableFuture<List<VerifiedRecord>> future : valid) {
            for (VerifiedRecord record : await(future)) {
                assertThat(record.body().getSeq()).isEqualTo(seq++);
            }
        }
        assertThat(log.healthy()).as("the store answered; only content was refused").isTrue();
        assertThat(log.lastError()).isNull();
        assertThat(log.stats().rejectedAppends()).isEqualTo(bad.size());
        assertThat(log.stats().failedAppends()).isZero();
        assertThat(assertIntact(store).records()).isEqualTo(5);
    }

    @Test
    void aGroupTheDatabaseRefusesForOneValueIsWrittenAppendByAppendAndOnlyThatOneFails() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1, 64);
        VerifiedRecord first = await(log.append("s", List.of(entry(EvidenceKind.PROPOSAL, "p")))).get(0);
        dataSource.fail(FaultyDataSource.Fault.REFUSE_UNSTORABLE_VALUE);
        dataSource.closeGate();
        List<CompletableFuture<List<VerifiedRecord>>> valid = new ArrayList<>();
        valid.add(log.append("held", List.of(entry(EvidenceKind.PROPOSAL, "held")))); // waits at the gate
        for (int i = 0; i < 4; i++) {
            valid.add(log.append("s" + i, List.of(entry(EvidenceKind.PROPOSAL, "p" + i), entry(EvidenceKind.DECISION, "p" + i))));
        }
        CompletableFuture<List<VerifiedRecord>> refused = log.append("bad",
                List.of(entry(EvidenceKind.REFUSAL, "r-" + FaultyDataSource.UNSTORABLE)));
        for (int i = 4; i < 8; i++) {
            valid.add(log.append("s" + i, List.of(entry(EvidenceKind.PROPOSAL, "p" + i))));
        }
        dataSource.openGate();

        assertThat(failureOf(refused)).isInstanceOf(EvidenceRejectedException.class).hasMessageContaining("cannot hold");
        long seq = first.body().getSeq() + 1;
        for (CompletableFuture<List<VerifiedRecord>> future : valid) {
            for (VerifiedRecord record : await(future)) {
                assertThat(record.body().getSeq()).as("no seq skipped or reused").isEqualTo(seq++);
            }
        }
        assertThat(log.healthy()).isTrue();
        assertThat(log.stats().rejectedAppends()).isEqualTo(1);
        assertThat(log.stats().failedAppends()).isZero();
        assertThat(assertIntact(store).records()).isEqualTo(1 + 1 + 4 * 2 + 4);
    }

    @Test
    void theStoreRefusesARowItCannotHoldBeforeTakingAConnection() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        VerifiedRecord unstorable = EvidenceRecords.seal(key, "n1", ChainHead.genesis(DOMAIN, "n1-0"),
                EvidenceKind.REFUSAL, "p-\u0000", new byte[32], 1L);
        dataSource.fail(FaultyDataSource.Fault.REFUSE_CONNECTIONS);
        assertThatThrownBy(() -> store.appendBatch(List.of(new StoredRecord(unstorable, new byte[0], "s"))))
                .isInstanceOf(EvidenceRejectedException.class).hasMessageContaining("subject");
        dataSource.heal();
        assertThat(store.lanes(DOMAIN)).isEmpty();
    }

    @Test
    void aStoryKeyNoRowCanHoldHasNoRecords() throws Exception {
        EvidenceStore store = store(pool());
        await(log(store, "n1", 1, 16).append("s", List.of(entry(EvidenceKind.PROPOSAL, "p"))));
        assertThat(store.story(DOMAIN, "s\u0000")).isEmpty();
        assertThat(store.story(DOMAIN, "s".repeat(2048))).isEmpty();
        assertThat(store.story(DOMAIN, "s")).hasSize(1);
    }

    @Test
    void closingCommitsEveryAppendAlreadyQueued() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = new EvidenceLog(store, key, DOMAIN, "n1", 2, 8, clock, ForkJoinPool.commonPool());
        dataSource.closeGate();
        List<CompletableFuture<List<VerifiedRecord>>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(log.append("story-" + i, List.of(entry(EvidenceKind.OUTCOME, "o" + i))));
        }
        CompletableFuture<Void> closed = CompletableFuture.runAsync(log::close);
        dataSource.openGate();
        await(closed);
        // Durable before close() returned; the futures complete on the completion executor, so
        // they are awaited (a bounded wait) rather than asserted complete at this instant.
        assertThat(assertIntact(store).records()).isEqualTo(100);
        for (CompletableFuture<List<VerifiedRecord>> future : futures) {
            await(future);
        }
        assertThat(failureOf(log.append("late", List.of(entry(EvidenceKind.OUTCOME, "late")))))
                .isInstanceOf(EvidenceUnavailableException.class).hasMessageContaining("closed");
        assertThat(assertIntact(store).records()).isEqualTo(100);
    }

    @Test
    void aFullLaneRefusesNewAppendsAtOnceInsteadOfQueueingWithoutBound() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = new EvidenceLog(store, key, DOMAIN, "n1", 1, 8, 1, clock, ForkJoinPool.commonPool());
        opened.add(log);
        dataSource.closeGate();
        List<CompletableFuture<List<VerifiedRecord>>> futures = new ArrayList<>();
        futures.add(log.append("s0", List.of(entry(EvidenceKind.PROPOSAL, "p0"))));
        // The writer holds the first append at the gate; then one more fits the queue, a third cannot.
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(20);
        while (dataSource.waitingAtGate() == 0) {
            assertThat(java.time.Instant.now()).as("the writer reaches the gate").isBefore(deadline);
            Thread.onSpinWait();
        }
        futures.add(log.append("s1", List.of(entry(EvidenceKind.PROPOSAL, "p1"))));
        futures.add(log.append("s2", List.of(entry(EvidenceKind.PROPOSAL, "p2"))));
        try {
            assertThat(futures.get(2)).isCompletedExceptionally();
        } finally {
            dataSource.openGate();
        }
        int accepted = 0;
        for (CompletableFuture<List<VerifiedRecord>> future : futures) {
            try {
                await(future);
                accepted++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(EvidenceUnavailableException.class).hasMessageContaining("back-pressure");
            }
        }
        assertThat(assertIntact(store).records()).isEqualTo(accepted);
    }

    @Test
    void aStoryIsReadBackInTimeOrderAcrossItsAppends() throws Exception {
        EvidenceStore store = store(pool());
        EvidenceLog log = log(store, "n1", 4, 16);
        clock.set(1_000);
        await(log.append("jti-7", List.of(entry(EvidenceKind.PROPOSAL, "prop-7"), entry(EvidenceKind.DECISION, "prop-7"),
                entry(EvidenceKind.ISSUANCE, "jti-7"))));
        await(log.append("jti-8", List.of(entry(EvidenceKind.PROPOSAL, "prop-8"))));
        clock.set(2_000);
        await(log.append("jti-7", List.of(entry(EvidenceKind.REDEMPTION, "jti-7"))));
        clock.set(3_000);
        await(log.append("jti-7", List.of(entry(EvidenceKind.OUTCOME, "jti-7"))));

        List<StoredRecord> story = store.story(DOMAIN, "jti-7");
        assertThat(story).extracting(StoredRecord::kind).containsExactly(EvidenceKind.PROPOSAL,
                EvidenceKind.DECISION, EvidenceKind.ISSUANCE, EvidenceKind.REDEMPTION, EvidenceKind.OUTCOME);
        assertThat(story).extracting(StoredRecord::story).containsOnly("jti-7");
        assertThat(story.get(2).payload()).isEqualTo("ISSUANCE:jti-7".getBytes(StandardCharsets.UTF_8));
        assertThat(store.story(DOMAIN, "nothing")).isEmpty();
        assertThat(store.story("other-domain", "jti-7")).isEmpty();
    }

    @Test
    void byKindFindsOneNodesRecordsOfOneKindInAHalfOpenTimeWindow() throws Exception {
        EvidenceStore store = store(pool());
        EvidenceLog n1 = log(store, "n1", 2, 16);
        EvidenceLog n2 = log(store, "n2", 2, 16);
        for (long t : new long[] {1_000, 2_000, 3_000}) {
            clock.set(t);
            await(n1.append("s" + t, List.of(entry(EvidenceKind.DECISION, "d" + t), entry(EvidenceKind.ISSUANCE, "jti" + t))));
            await(n2.append("t" + t, List.of(entry(EvidenceKind.ISSUANCE, "other" + t))));
        }
        List<StoredRecord> found = store.byKind(DOMAIN, "n1", EvidenceKind.ISSUANCE, 1_000, 3_000);
        assertThat(found).extracting(StoredRecord::subject).containsExactly("jti1000", "jti2000");
        assertThat(found).extracting(StoredRecord::nodeId).containsOnly("n1");
        assertThat(store.byKind(DOMAIN, "n2", EvidenceKind.DECISION, 0, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void nodesStartingTogetherEachCreateTheSchemaWithoutFailing() throws Exception {
        HikariDataSource pool = pool();
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(CompletableFuture.runAsync(() -> new EvidenceStore(pool, dialect(), Duration.ofSeconds(10),
                        Duration.ofSeconds(1)).createSchema(), nodes));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            nodes.shutdownNow();
        }
        EvidenceStore store = store(pool);
        await(log(store, "n1", 1, 16).append("s", List.of(entry(EvidenceKind.PROPOSAL, "p"))));
        assertThat(store.range(DOMAIN, "n1-0", 0, 0)).hasSize(1);
    }

    @Test
    void creatingTheSchemaAgainKeepsWhatIsStored() throws Exception {
        EvidenceStore store = store(pool());
        EvidenceLog log = log(store, "n1", 1, 16);
        await(log.append("s", List.of(entry(EvidenceKind.PROPOSAL, "p"))));
        store.createSchema();
        store.ping();
        assertThat(store.range(DOMAIN, "n1-0", 0, 0)).hasSize(1);
    }
}
