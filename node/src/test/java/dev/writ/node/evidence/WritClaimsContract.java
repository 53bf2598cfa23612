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
 * {@code writ_claims} key in the transaction of its evidence, and a loser leaves no record; so is
 * a proposal id's, by the {@code writ_proposal_claims} key in the transaction of its decision. The H2
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

    static ProposalClaim proposalClaim(String proposalId, String admissionId, long at) {
        return new ProposalClaim(DOMAIN, "spiffe://acme/agent/a", proposalId,
                dev.writ.protocol.crypto.Hashes.sha256(("proposal " + proposalId).getBytes(StandardCharsets.UTF_8)),
                admissionId, at);
    }

    /** An ALLOW's append: PROPOSAL and DECISION under the proposal id, ISSUANCE under the admission's jti. */
    static List<EvidenceLog.Entry> allowed(String proposalId, String admissionId) {
        return List.of(new EvidenceLog.Entry(EvidenceKind.PROPOSAL, proposalId, ("proposal " + proposalId).getBytes(StandardCharsets.UTF_8)),
                new EvidenceLog.Entry(EvidenceKind.DECISION, proposalId, ("allow by " + admissionId).getBytes(StandardCharsets.UTF_8)),
                new EvidenceLog.Entry(EvidenceKind.ISSUANCE, admissionId, ("writ " + admissionId).getBytes(StandardCharsets.UTF_8)));
    }

    static List<StoredRecord> issuancesOf(EvidenceStore store, String... admissionIds) {
        List<StoredRecord> found = new ArrayList<>();
        for (String id : admissionIds) {
            store.story(DOMAIN, id).stream().filter(r -> r.kind() == EvidenceKind.ISSUANCE).forEach(found::add);
        }
        return found;
    }

    @Test
    void twoIdenticalProposalsRacingInOneGroupCommitMintOneWrit() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1);
        dataSource.closeGate();
        // The first group waits at the gate, so the two copies queued behind it are the next group.
        CompletableFuture<List<dev.writ.protocol.evidence.VerifiedRecord>> blocker = log.append("other",
                List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, "other", new byte[] {1})));
        while (dataSource.waitingAtGate() == 0) {
            Thread.onSpinWait();
        }
        ProposalClaim first = proposalClaim("p-1", "admission-a", 10);
        CompletableFuture<EvidenceLog.Claimed<ProposalClaim>> a = log.appendClaimed("admission-a", first,
                allowed("p-1", "admission-a"));
        CompletableFuture<EvidenceLog.Claimed<ProposalClaim>> b = log.appendClaimed("admission-b",
                proposalClaim("p-1", "admission-b", 11), allowed("p-1", "admission-b"));
        dataSource.openGate();
        await(blocker);

        assertThat(await(a)).as("the first append of the group holds the id").isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(b)).as("its copy in the same transaction finds it held, as the winner claimed it")
                .isEqualTo(new EvidenceLog.Lost<>(first));
        assertThat(log.stats().batchesWritten()).as("the two copies shared one group commit").isEqualTo(2);
        assertThat(issuancesOf(store, "admission-a", "admission-b")).as("one writ: the winner's ISSUANCE only")
                .singleElement().satisfies(r -> assertThat(r.subject()).isEqualTo("admission-a"));
        assertThat(store.story(DOMAIN, "admission-a")).as("the winner's PROPOSAL, DECISION and ISSUANCE").hasSize(3);
        assertThat(store.story(DOMAIN, "admission-b")).as("nothing of the copy").isEmpty();
        assertThat(assertIntact(store)).isEqualTo(1 + 3);
    }

    @Test
    void oneGroupDecidesClaimsOfEveryTableTakenBeforeTakenInTheGroupAndFree() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1);
        ProposalClaim decidedBefore = proposalClaim("p-old", "admission-old", 1);
        WritClaim redeemedBefore = redeemed("jti-old", "n1", 2);
        assertThat(await(log.appendClaimed("admission-old", decidedBefore, allowed("p-old", "admission-old"))))
                .isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(log.appendClaimed("jti-old", redeemedBefore, redemption("jti-old", "n1"))))
                .isInstanceOf(EvidenceLog.Won.class);
        dataSource.closeGate();
        CompletableFuture<List<dev.writ.protocol.evidence.VerifiedRecord>> blocker = log.append("other",
                List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, "other", new byte[] {1})));
        while (dataSource.waitingAtGate() == 0) {
            Thread.onSpinWait();
        }
        int executedBefore = dataSource.statementsExecuted();
        int commitsBefore = dataSource.commits();
        // One group, queued behind the blocker: free claims of all three tables, two taken by earlier
        // commits, one taken earlier in the same group, and an append that claims nothing.
        ProposalClaim fresh = proposalClaim("p-new", "admission-1", 10);
        var freshProposal = log.appendClaimed("admission-1", fresh, allowed("p-new", "admission-1"));
        var proposalTaken = log.appendClaimed("admission-2", proposalClaim("p-old", "admission-2", 11),
                allowed("p-old", "admission-2"));
        var freshWrit = log.appendClaimed("jti-new", redeemed("jti-new", "n1", 12), redemption("jti-new", "n1"));
        var writTaken = log.appendClaimed("jti-old", redeemed("jti-old", "n1", 13), redemption("jti-old", "n1"));
        var copyInGroup = log.appendClaimed("admission-3", proposalClaim("p-new", "admission-3", 14),
                allowed("p-new", "admission-3"));
        var report = log.appendClaimed("jti-new", new WritClaim(DOMAIN, "jti-new", WritClaim.Outcome.REPORTED, 15, "n1"),
                List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, "jti-new", "done".getBytes(StandardCharsets.UTF_8))));
        var unclaimed = log.append("plain", List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, "plain", new byte[] {2})));
        dataSource.openGate();
        await(blocker);

        assertThat(await(freshProposal)).isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(proposalTaken)).isEqualTo(new EvidenceLog.Lost<>(decidedBefore));
        assertThat(await(freshWrit)).isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(writTaken)).isEqualTo(new EvidenceLog.Lost<>(redeemedBefore));
        assertThat(await(copyInGroup)).as("the copy finds the claim of the group's earlier append")
                .isEqualTo(new EvidenceLog.Lost<>(fresh));
        assertThat(await(report)).isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(unclaimed)).hasSize(1);
        int executed = dataSource.statementsExecuted() - executedBefore;
        assertThat(log.stats().batchesWritten()).as("the seven appends shared one group commit").isEqualTo(4);
        assertThat(store.claim(DOMAIN, "jti-new")).contains(redeemed("jti-new", "n1", 12));
        assertThat(issuancesOf(store, "admission-1", "admission-2", "admission-3")).extracting(StoredRecord::subject)
                .containsExactly("admission-1");
        assertThat(redemptionsOf(store, "jti-old")).as("the writ redeemed before keeps its one REDEMPTION").hasSize(1);
        if (dialect() == Dialect.POSTGRES) {
            // the blocker's records, one statement in autocommit; then the group, which claims one key
            // twice and so goes straight to the transaction path: one insert per claim table, a read of
            // each of the three taken claims, the group's records and the commit. The round trips of a
            // group's claims do not grow with their number
            assertThat(executed).isEqualTo(1 + 3 + 3 + 1);
            assertThat(dataSource.commits() - commitsBefore).isEqualTo(1);
        }
        assertThat(assertIntact(store)).isEqualTo(3 + 1 + 1 + 3 + 1 + 1 + 1);
    }

    @Test
    void aGroupWhoseClaimsAreAllFreeIsDurableInOneRoundTrip() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1);
        assertThat(await(log.appendClaimed("jti-a", redeemed("jti-a", "n1", 1), redemption("jti-a", "n1"))))
                .isInstanceOf(EvidenceLog.Won.class);
        dataSource.closeGate();
        CompletableFuture<List<dev.writ.protocol.evidence.VerifiedRecord>> blocker = log.append("other",
                List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, "other", new byte[] {1})));
        while (dataSource.waitingAtGate() == 0) {
            Thread.onSpinWait();
        }
        int executedBefore = dataSource.statementsExecuted();
        int commitsBefore = dataSource.commits();
        // One group behind the blocker: free claims of all three tables and an append without one.
        var proposal = log.appendClaimed("admission-1", proposalClaim("p-1", "admission-1", 10),
                allowed("p-1", "admission-1"));
        var writ = log.appendClaimed("jti-b", redeemed("jti-b", "n1", 11), redemption("jti-b", "n1"));
        var report = log.appendClaimed("jti-a", new WritClaim(DOMAIN, "jti-a", WritClaim.Outcome.REPORTED, 12, "n1"),
                List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, "jti-a", "done".getBytes(StandardCharsets.UTF_8))));
        var unclaimed = log.append("plain", List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, "plain", new byte[] {2})));
        dataSource.openGate();
        await(blocker);

        assertThat(await(proposal)).isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(writ)).isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(report)).isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(unclaimed)).hasSize(1);
        assertThat(log.stats().batchesWritten()).as("the four appends shared one group commit").isEqualTo(3);
        if (dialect() == Dialect.POSTGRES) {
            // the blocker's records, then the group's three claims and five records: one statement each, no commit
            assertThat(dataSource.statementsExecuted() - executedBefore).isEqualTo(1 + 1);
            assertThat(dataSource.commits() - commitsBefore).isZero();
        }
        assertThat(store.claim(DOMAIN, "jti-b")).contains(redeemed("jti-b", "n1", 11));
        assertThat(issuancesOf(store, "admission-1")).hasSize(1);
        assertThat(assertIntact(store)).isEqualTo(1 + 1 + 3 + 1 + 1 + 1);
    }

    @Test
    void aGroupWithAClaimHeldAlreadyKeepsNothingOfItsOneStatementAndIsDecidedClaimByClaim() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1);
        WritClaim redeemedBefore = redeemed("jti-old", "n1", 1);
        assertThat(await(log.appendClaimed("jti-old", redeemedBefore, redemption("jti-old", "n1"))))
                .isInstanceOf(EvidenceLog.Won.class);
        dataSource.closeGate();
        CompletableFuture<List<dev.writ.protocol.evidence.VerifiedRecord>> blocker = log.append("other",
                List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, "other", new byte[] {1})));
        while (dataSource.waitingAtGate() == 0) {
            Thread.onSpinWait();
        }
        int executedBefore = dataSource.statementsExecuted();
        int commitsBefore = dataSource.commits();
        // One group behind the blocker, no key twice in it: a free proposal id (its claim sorts after
        // the writ's), a second redemption of the writ redeemed above, and an append without a claim.
        var fresh = log.appendClaimed("admission-1", proposalClaim("p-1", "admission-1", 10), allowed("p-1", "admission-1"));
        var replay = log.appendClaimed("jti-old", redeemed("jti-old", "n1", 11), redemption("jti-old", "n1"));
        var unclaimed = log.append("plain", List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, "plain", new byte[] {2})));
        dataSource.openGate();
        await(blocker);

        assertThat(await(fresh)).isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(replay)).isEqualTo(new EvidenceLog.Lost<>(redeemedBefore));
        assertThat(await(unclaimed)).hasSize(1);
        assertThat(log.healthy()).isTrue();
        assertThat(log.stats().failedAppends()).isZero();
        if (dialect() == Dialect.POSTGRES) {
            // the blocker's records; the group's one statement, which found the writ's claim held and
            // kept nothing; then the transaction path: one insert per claim table, the held claim read
            // back, the winners' records, and the commit
            assertThat(dataSource.statementsExecuted() - executedBefore).isEqualTo(1 + 1 + 2 + 1 + 1);
            assertThat(dataSource.commits() - commitsBefore).isEqualTo(1);
        }
        assertThat(redemptionsOf(store, "jti-old")).as("the replay recorded nothing").hasSize(1);
        assertThat(store.claim(DOMAIN, "jti-old")).contains(redeemedBefore);
        assertThat(issuancesOf(store, "admission-1")).hasSize(1);
        // the records sealed for the discarded statement took no place: the lane runs on without a gap
        assertThat(assertIntact(store)).isEqualTo(1 + 1 + 3 + 1);
        assertThat(await(log.append("after", List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, "after",
                new byte[] {3})))).get(0).body().getSeq()).isEqualTo(6);
    }

    @Test
    void aGroupTooLargeForOneStatementIsWrittenInATransaction() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dialect() == Dialect.POSTGRES, "H2 always writes in a transaction");
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        // more rows than one statement's parameters can carry (GroupStatement.MAX_PARAMETERS)
        int rows = GroupStatement.MAX_PARAMETERS / 11 + 1;
        List<StoredRecord> records = new ArrayList<>(rows);
        dev.writ.protocol.evidence.ChainHead head = dev.writ.protocol.evidence.ChainHead.genesis(DOMAIN, "n1-0");
        for (int i = 0; i < rows; i++) {
            byte[] payload = ("outcome " + i).getBytes(StandardCharsets.UTF_8);
            dev.writ.protocol.evidence.VerifiedRecord record = EvidenceRecords.seal(key, "n1", head, EvidenceKind.OUTCOME,
                    "s" + i, dev.writ.protocol.crypto.Hashes.sha256(payload), 1L);
            records.add(new StoredRecord(record, payload, "s" + i));
            head = record.next();
        }
        int commitsBefore = dataSource.commits();
        store.appendBatch(records);
        assertThat(dataSource.commits() - commitsBefore).as("the transaction path").isEqualTo(1);
        // every row landed, the last one where the chain ends (the whole chain's signatures are
        // checked elsewhere; thousands here would cost seconds)
        dev.writ.protocol.evidence.ChainHead stored = store.head(DOMAIN, "n1-0").orElseThrow();
        assertThat(stored.nextSeq()).isEqualTo(rows);
        assertThat(stored.lastHash()).isEqualTo(records.get(rows - 1).record().hash());
    }

    @Test
    void copiesOfOneProposalRacingThroughTwoNodesLetExactlyOneDecide() throws Exception {
        EvidenceStore first = store();
        EvidenceStore second = store();
        EvidenceLog n1 = log(first, "n1", 2);
        EvidenceLog n2 = log(second, "n2", 2);
        int copies = 8;
        for (int round = 0; round < 5; round++) {
            String proposalId = "p-race-" + round;
            List<CompletableFuture<EvidenceLog.Claimed<ProposalClaim>>> answers = new ArrayList<>();
            String[] admissions = new String[copies];
            for (int i = 0; i < copies; i++) {
                admissions[i] = "admission-" + round + "-" + i;
                answers.add((i % 2 == 0 ? n1 : n2).appendClaimed(admissions[i],
                        proposalClaim(proposalId, admissions[i], clock.millis() + i), allowed(proposalId, admissions[i])));
            }
            List<EvidenceLog.Claimed<ProposalClaim>> claimed = new ArrayList<>();
            for (var answer : answers) {
                claimed.add(await(answer));
            }
            List<StoredRecord> issued = issuancesOf(first, admissions);
            assertThat(issued).as(proposalId + ": one writ").hasSize(1);
            String winner = issued.get(0).subject();
            assertThat(claimed).filteredOn(EvidenceLog.Won.class::isInstance).hasSize(1);
            assertThat(claimed).filteredOn(EvidenceLog.Lost.class::isInstance).hasSize(copies - 1)
                    .allSatisfy(c -> assertThat(((ProposalClaim) ((EvidenceLog.Lost<?>) c).held()).admissionId())
                            .as("every copy is told who decided").isEqualTo(winner));
        }
        assertThat(assertIntact(first)).isEqualTo(5 * 3);
    }

    @Test
    void aFailedCommitUndoesTheProposalClaimWithItsDecisionSoARetryDecides() throws Exception {
        FaultyDataSource dataSource = new FaultyDataSource(pool());
        EvidenceStore store = store(dataSource);
        EvidenceLog log = log(store, "n1", 1);
        dataSource.fail(FaultyDataSource.Fault.FAIL_COMMIT);
        CompletableFuture<EvidenceLog.Claimed<ProposalClaim>> refused = log.appendClaimed("admission-a",
                proposalClaim("p-f", "admission-a", 1), allowed("p-f", "admission-a"));
        try {
            refused.get(WAIT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("the append should have failed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(EvidenceUnavailableException.class);
        }
        dataSource.heal();
        assertThat(await(log.appendClaimed("admission-b", proposalClaim("p-f", "admission-b", 2),
                allowed("p-f", "admission-b")))).as("nothing of the failed append holds the id")
                .isInstanceOf(EvidenceLog.Won.class);
        assertThat(issuancesOf(store, "admission-a", "admission-b")).extracting(StoredRecord::subject)
                .containsExactly("admission-b");
        assertThat(assertIntact(store)).isEqualTo(3);
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
                List<CompletableFuture<CompletableFuture<EvidenceLog.Claimed<WritClaim>>>> submitted = new ArrayList<>();
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
                List<EvidenceLog.Claimed<WritClaim>> answers = new ArrayList<>();
                for (var s : submitted) {
                    answers.add(await(await(s)));
                }
                for (var o : others) {
                    assertThat(await(o)).hasSize(1);
                }

                List<EvidenceLog.Won<?>> won = answers.stream().filter(EvidenceLog.Won.class::isInstance)
                        .<EvidenceLog.Won<?>>map(a -> (EvidenceLog.Won<?>) a).toList();
                assertThat(won).as("one redemption of " + jti + " wins").hasSize(1);
                String winner = won.get(0).records().get(0).body().getNodeId();
                WritClaim claim = first.claim(DOMAIN, jti).orElseThrow();
                assertThat(claim.nodeId()).isEqualTo(winner);
                assertThat(claim.outcome()).isEqualTo(WritClaim.Outcome.REDEEMED);
                assertThat(second.claim(DOMAIN, jti)).contains(claim);
                assertThat(answers).filteredOn(EvidenceLog.Lost.class::isInstance).hasSize(racers - 1)
                        .allSatisfy(a -> assertThat(((EvidenceLog.Lost<?>) a).held()).isEqualTo(claim));
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
                .isEqualTo(new EvidenceLog.Lost<>(expired));

        assertThat(await(log.appendClaimed("jti-y", redeemed("jti-y", "n1", 7), redemption("jti-y", "n1"))))
                .isInstanceOf(EvidenceLog.Won.class);
        assertThat(await(log.appendClaimed("jti-y", new WritClaim(DOMAIN, "jti-y", WritClaim.Outcome.EXPIRED, 8, "n1"),
                expiry))).isEqualTo(new EvidenceLog.Lost<>(redeemed("jti-y", "n1", 7)));
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
        CompletableFuture<EvidenceLog.Claimed<WritClaim>> refused = log.appendClaimed("jti-f", redeemed("jti-f", "n1", 1),
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

    @Test
    void aWindowOfMoreUnsettledIssuancesThanOneStatementAsksForIsReadWholeAndInOrder() throws Exception {
        EvidenceStore store = store();
        EvidenceLog n1 = log(store, "n1", 2);
        int count = 2 * EvidenceStore.IN_LIST + 1;
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clock.set(5_000 + i % 7);
            writes.add(n1.append("w" + i, List.of(new EvidenceLog.Entry(EvidenceKind.ISSUANCE, "w" + i, new byte[] {1}))));
        }
        for (CompletableFuture<?> write : writes) {
            await(write);
        }
        List<String> unsettled = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i % 3 == 0) {
                await(n1.appendClaimed("w" + i, redeemed("w" + i, "n1", 6_000), redemption("w" + i, "n1")));
            } else {
                unsettled.add("w" + i);
            }
        }
        List<StoredRecord> found = store.unclaimedIssuances(DOMAIN, "n1", 5_000, 5_007);
        assertThat(found).extracting(StoredRecord::subject).containsExactlyInAnyOrderElementsOf(unsettled);
        assertThat(found).isSortedAccordingTo(java.util.Comparator.comparingLong(StoredRecord::timeMillis)
                .thenComparing(StoredRecord::lane).thenComparingLong(StoredRecord::seq));
    }
}
