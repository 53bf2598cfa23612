package dev.writ.node.evidence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainReport;
import dev.writ.protocol.evidence.ChainVerifier;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.wire.EvidenceKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single use at the floor (invariant 2), on any database: a writ's claim is decided by the
 * {@code writ_claims} key in the transaction of its evidence, and a loser leaves no record. The H2
 * unit test and the PostgreSQL integration test run these same checks.
 */
abstract class WritClaimsContract {
    static final String DOMAIN = "acme";
    static final long WAIT_SECONDS = 60;

    final SigningKey key = SigningKey.generate();
    final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** The JDBC URL of a database that is empty at the start of each test and survives pools. */
    abstract String jdbcUrl();

    abstract Dialect dialect();

    /** One node's view of the domain's database: its own pool and store, as two node JVMs have. */
    EvidenceStore store() {
        return store(pool());
    }

    HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(dialect() == Dialect.POSTGRES ? "postgres" : "sa");
        config.setMaximumPoolSize(8);
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

    EvidenceLog log(EvidenceStore store, String nodeId, int lanes) {
        EvidenceLog log = new EvidenceLog(store, key, DOMAIN, nodeId, lanes, 64, clock, ForkJoinPool.commonPool());
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

    static List<EvidenceLog.Entry> redemption(String jti, String by) {
        return List.of(new EvidenceLog.Entry(EvidenceKind.REDEMPTION, jti, ("receipt of " + jti + " by " + by)
                .getBytes(StandardCharsets.UTF_8)));
    }

    static WritClaim redeemed(String jti, String node, long at) {
        return new WritClaim(DOMAIN, jti, WritClaim.Outcome.REDEEMED, at, node);
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Every stored record of the domain: signed by our key, payload matching, lanes contiguous and unforked. */
    long assertIntact(EvidenceStore store) throws Exception {
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
        return ((ChainReport.Intact) report).records();
    }

    static List<StoredRecord> redemptionsOf(EvidenceStore store, String jti) {
        List<StoredRecord> found = new ArrayList<>();
        for (String node : List.of("n1", "n2")) {
            store.byKind(DOMAIN, node, EvidenceKind.REDEMPTION, 0, Long.MAX_VALUE).stream()
                    .filter(r -> r.subject().equals(jti)).forEach(found::add);
        }
        return found;
    }

    @Test
    void racingRedemptionsOfOneWritThroughTwoNodesLetExactlyOneWinAndRecordIt() throws Exception {
        EvidenceStore first = store();
        EvidenceStore second = store();
        EvidenceLog n1 = log(first, "n1", 2);
        EvidenceLog n2 = log(second, "n2", 2);
        int racers = 32;
        int rounds = 5;
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < rounds; round++) {
                String jti = "jti-race-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<CompletableFuture<EvidenceLog.Claimed>>> submitted = new ArrayList<>();
                List<CompletableFuture<List<dev.writ.protocol.evidence.VerifiedRecord>>> others = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    EvidenceLog via = i % 2 == 0 ? n1 : n2;
                    String node = i % 2 == 0 ? "n1" : "n2";
                    long at = clock.millis() + i;
                    submitted.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return via.appendClaimed(jti, redeemed(jti, node, at), redemption(jti, node));
                    }, callers));
                    // Unrelated appends on the same lanes share the racers' groups: the chain must hold them all.
                    others.add(via.append(jti, List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, jti + "-o" + i,
                            new byte[] {(byte) i}))));
                }
                start.countDown();
                List<EvidenceLog.Claimed> answers = new ArrayList<>();
                for (var s : submitted) {
                    answers.add(await(await(s)));
                }
                for (var o : others) {
                    assertThat(await(o)).hasSize(1);
                }

                List<EvidenceLog.Won> won = answers.stream().filter(EvidenceLog.Won.class::isInstance)
                        .map(EvidenceLog.Won.class::cast).toList();
                assertThat(won).as("one redemption of " + jti + " wins").hasSize(1);
                String winner = won.get(0).records().get(0).body().getNodeId();
                WritClaim claim = first.claim(DOMAIN, jti).orElseThrow();
                assertThat(claim.nodeId()).isEqualTo(winner);
                assertThat(claim.outcome()).isEqualTo(WritClaim.Outcome.REDEEMED);
                assertThat(second.claim(DOMAIN, jti)).contains(claim);
                assertThat(answers).filteredOn(EvidenceLog.Lost.class::isInstance).hasSize(racers - 1)
                        .allSatisfy(a -> assertThat(((EvidenceLog.Lost) a).held()).isEqualTo(claim));
                assertThat(redemptionsOf(first, jti)).as("one REDEMPTION record of " + jti).hasSize(1)
                        .allSatisfy(r -> assertThat(r.record().hash()).isEqualTo(won.get(0).records().get(0).hash()));
            }
        } finally {
            callers.shutdown();
        }
        assertThat(assertIntact(first)).isEqualTo((long) rounds * (1 + racers));
        assertThat(n1.healthy()).isTrue();
        assertThat(n2.healthy()).isTrue();
        assertThat(n1.stats().failedAppends() + n2.stats().failedAppends()).isZero();
    }

    @Test
    void aWritExpiredFirstIsNeverRedeemedAndARedeemedOneNeverExpires() throws Exception {
        EvidenceStore store = store();
        EvidenceLog log = log(store, "n1", 1);
        var expiry = List.of(new EvidenceLog.Entry(EvidenceKind.EXPIRY, "jti-x", "expired".getBytes(StandardCharsets.UTF_8)));
        WritClaim expired = new WritClaim(DOMAIN, "jti-x", WritClaim.Outcome.EXPIRED, 5, "n1");
        assertThat(await(log.appendClaimed("jti-x", expired, expiry))).isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(log.appendClaimed("jti-x", redeemed("jti-x", "n1", 6), redemption("jti-x", "n1"))))
                .isEqualTo(new EvidenceLog.Lost(expired));

        assertThat(await(log.appendClaimed("jti-y", redeemed("jti-y", "n1", 7), redemption("jti-y", "n1"))))
                .isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(log.appendClaimed("jti-y", new WritClaim(DOMAIN, "jti-y", WritClaim.Outcome.EXPIRED, 8, "n1"),
                expiry))).isEqualTo(new EvidenceLog.Lost(redeemed("jti-y", "n1", 7)));
        assertThat(assertIntact(store)).isEqualTo(2);
    }

    @Test
    void aPartnersWritIsClaimedUnderItsOwnDomainBesideOursWithTheSameJti() throws Exception {
        EvidenceStore store = store();
        EvidenceLog log = log(store, "n1", 1);
        WritClaim partners = new WritClaim("globex", "jti-1", WritClaim.Outcome.REDEEMED, 1, "n1");
        assertThat(await(log.appendClaimed("jti-1", partners, redemption("jti-1", "n1")))).isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(log.appendClaimed("jti-1", redeemed("jti-1", "n1", 2), redemption("jti-1", "n1"))))
                .isInstanceOf(EvidenceLog.Won.class);
        assertThat(store.claim("globex", "jti-1")).contains(partners);
    }

    @Test
    void aFailedCommitUndoesTheClaimWithItsRecordSoARetryWins() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1);
        dataSource.fail(FaultyDataSource.Fault.FAIL_COMMIT);
        CompletableFuture<EvidenceLog.Claimed> refused = log.appendClaimed("jti-f", redeemed("jti-f", "n1", 1),
                redemption("jti-f", "n1"));
        try {
            refused.get(WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("the append should have failed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(EvidenceUnavailableException.class);
        }
        dataSource.heal();
        assertThat(store.claim(DOMAIN, "jti-f")).isEmpty();
        assertThat(await(log.appendClaimed("jti-f", redeemed("jti-f", "n1", 2), redemption("jti-f", "n1"))))
                .isInstanceOf(EvidenceLog.Won.class);
        assertThat(store.claim(DOMAIN, "jti-f")).contains(redeemed("jti-f", "n1", 2));
        assertThat(assertIntact(store)).isEqualTo(1);
    }

    @Test
    void theUnsettledIssuancesOfANodeAreTheOnesWithoutAClaim() throws Exception {
        EvidenceStore store = store();
        EvidenceLog n1 = log(store, "n1", 2);
        EvidenceLog n2 = log(store, "n2", 1);
        for (String jti : List.of("a", "b", "c")) {
            clock.set(1_000);
            await(n1.append(jti, List.of(new EvidenceLog.Entry(EvidenceKind.ISSUANCE, jti, new byte[] {1}))));
        }
        await(n2.append("d", List.of(new EvidenceLog.Entry(EvidenceKind.ISSUANCE, "d", new byte[] {1}))));
        await(n1.appendClaimed("b", redeemed("b", "n1", 2_000), redemption("b", "n1")));
        assertThat(store.unclaimedIssuances(DOMAIN, "n1", 0, 2_000)).extracting(StoredRecord::subject)
                .containsExactlyInAnyOrder("a", "c");
        assertThat(store.unclaimedIssuances(DOMAIN, "n1", 1_001, 2_000)).isEmpty();
        assertThat(store.issuance(DOMAIN, "c")).map(StoredRecord::subject).contains("c");
        assertThat(store.issuance(DOMAIN, "zzz")).isEmpty();
    }
}
