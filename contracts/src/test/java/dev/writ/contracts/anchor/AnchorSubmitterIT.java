package dev.writ.contracts.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import org.postgresql.ds.PGSimpleDataSource;

/** The submitter against a real anvil and a real EvidenceAnchor, with the outbox on H2 and PostgreSQL. */
class AnchorSubmitterIT {
    private static final String DOMAIN = "acme.example";
    private static final SubmitterSettings FAST = new SubmitterSettings(1, 3, Duration.ofMillis(100), Duration.ofMillis(100),
            Duration.ofSeconds(1), 16);

    @TempDir
    Path dir;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Map<Long, List<String>> sunk = new ConcurrentHashMap<>();

    @AfterEach
    void close() throws Exception {
        Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** A dev chain with EvidenceAnchor deployed and DOMAIN's anchorer registered; automine unless {@code interval}. */
    private DevChain devChain(boolean interval) {
        DevChainOptions options = DevChainOptions.of(dir, List.of(DOMAIN));
        DevChain chain = DevChain.start(interval ? options : options.automine());
        closing.add(chain);
        return chain;
    }

    private AnchorChain client(DevChain dev) {
        AnchorChain c = AnchorChain.connect(dev.rpcUrl(), dev.chainId(), dev.config().contract(EvidenceAnchorContract.NAME),
                dev.config().domain(DOMAIN).anchorer().credentials(), Duration.ofSeconds(2));
        closing.add(c);
        return c;
    }

    private AnchorSubmitter submitter(DataSource db, AnchorChain chain, SubmitterSettings settings) {
        return new AnchorSubmitter(DOMAIN, new AnchorOutbox(db), chain, (batch, chainId, contract, tx, block) ->
                sunk.computeIfAbsent(batch.batchSeq(), k -> Collections.synchronizedList(new ArrayList<>())).add(tx),
                settings, Clock.systemUTC());
    }

    private static void roundsUntil(AnchorSubmitter submitter, BooleanSupplier done, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached within " + within).isLessThan(deadline);
            Duration pause = submitter.round();
            Thread.sleep(Math.min(pause.toMillis(), 200));
        }
    }

    private static boolean allConfirmed(DataSource db) {
        OutboxStats s = new AnchorOutbox(db).stats(DOMAIN);
        return s.open() == 0 && s.failed().isEmpty();
    }

    private void assertAnchoredOnceEach(AnchorChain chain, DataSource db, int batches) throws Exception {
        assertThat(chain.nextBatchSeq(DOMAIN)).isEqualTo(batches);
        AnchorOutbox outbox = new AnchorOutbox(db);
        for (long i = 0; i < batches; i++) {
            OutboxEntry row = outbox.get(DOMAIN, i).orElseThrow();
            assertThat(row.state()).isEqualTo(OutboxState.CONFIRMED);
            assertThat(chain.batch(DOMAIN, i).matches(row)).as("batch " + i + " on chain").isTrue();
            assertThat(chain.batch(DOMAIN, i).blockNumber()).isEqualTo(row.block());
            assertThat(sunk.get(i)).as("the node heard of batch " + i).isNotEmpty().allMatch(row.txHash()::equals);
        }
    }

    private void anchorsInOrder(DataSource db) throws Exception {
        AnchorChain chain = client(devChain(false));
        long now = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) {
            OutboxDatabases.seal(db, DOMAIN, i, 1 + i * 10L, OutboxDatabases.root(DOMAIN, i), now);
        }
        AnchorSubmitter submitter = submitter(db, chain, FAST);
        roundsUntil(submitter, () -> allConfirmed(db), Duration.ofSeconds(60));
        assertAnchoredOnceEach(chain, db, 5);
        assertThat(chain.batch(DOMAIN, 4).firstSeq()).isEqualTo(0 + 1 + 11 + 21 + 31);
    }

    @Test
    void batchesAreAnchoredInOrderWithAnH2Outbox() throws Exception {
        anchorsInOrder(OutboxDatabases.h2());
    }

    @Test
    void batchesAreAnchoredInOrderWithAPostgresOutbox() throws Exception {
        PGSimpleDataSource pg = OutboxDatabases.postgres();
        closing.add(() -> OutboxDatabases.dropPostgres(pg));
        anchorsInOrder(pg);
    }

    @Test
    void aSubmitterRestartedMidFlightNeitherLosesNorDoubleAnchors() throws Exception {
        DevChain dev = devChain(false);
        dev.pauseBlocks();
        AnchorChain chain = client(dev);
        DataSource db = OutboxDatabases.h2();
        OutboxDatabases.seal(db, DOMAIN, 0, 4, OutboxDatabases.root(DOMAIN, 0), System.currentTimeMillis());
        OutboxDatabases.seal(db, DOMAIN, 1, 4, OutboxDatabases.root(DOMAIN, 1), System.currentTimeMillis());
        long nonceBefore = chain.pendingNonce();

        submitter(db, chain, FAST).round();
        OutboxEntry inFlight = new AnchorOutbox(db).get(DOMAIN, 0).orElseThrow();
        assertThat(inFlight.state()).isEqualTo(OutboxState.SENT);

        // A new submitter (the singleton moved, or the node restarted) resumes from the outbox.
        AnchorSubmitter second = submitter(db, chain, FAST);
        second.round();
        assertThat(chain.pendingNonce()).as("no second transaction for the in-flight batch").isEqualTo(nonceBefore + 1);
        AnvilRpc.call(dev.rpcUrl(), "evm_mine");
        roundsUntil(second, () -> {
            AnvilRpc.call(dev.rpcUrl(), "evm_mine");
            return allConfirmed(db);
        }, Duration.ofSeconds(60));
        assertAnchoredOnceEach(chain, db, 2);
        assertThat(new AnchorOutbox(db).get(DOMAIN, 0).orElseThrow().txHash()).isEqualTo(inFlight.txHash());
        assertThat(chain.pendingNonce()).as("one transaction per batch").isEqualTo(nonceBefore + 2);
    }

    @Test
    void aStuckTransactionIsReplacedWithTheSameNonceAndHigherFees() throws Exception {
        DevChain dev = devChain(false);
        dev.pauseBlocks();
        AnchorChain chain = client(dev);
        DataSource db = OutboxDatabases.h2();
        OutboxDatabases.seal(db, DOMAIN, 0, 8, OutboxDatabases.root(DOMAIN, 0), System.currentTimeMillis());
        AnchorSubmitter submitter = submitter(db, chain, FAST);
        submitter.round();
        OutboxEntry first = new AnchorOutbox(db).get(DOMAIN, 0).orElseThrow();
        assertThat(first.state()).isEqualTo(OutboxState.SENT);

        // The base fee jumps far above what the transaction offers: it stays in the pool, unmined.
        AnvilRpc.call(dev.rpcUrl(), "anvil_setNextBlockBaseFeePerGas", "0x" + first.fees().maxFeePerGas().shiftLeft(8).toString(16));
        for (int i = 0; i < FAST.replaceAfterBlocks(); i++) {
            AnvilRpc.call(dev.rpcUrl(), "evm_mine");
        }
        assertThat(chain.nextBatchSeq(DOMAIN)).isZero();
        submitter.round();
        OutboxEntry replaced = new AnchorOutbox(db).get(DOMAIN, 0).orElseThrow();
        assertThat(replaced.state()).isEqualTo(OutboxState.SENT);
        assertThat(replaced.nonce()).isEqualTo(first.nonce());
        assertThat(replaced.txHash()).isNotEqualTo(first.txHash());
        assertThat(replaced.fees().maxFeePerGas()).isGreaterThanOrEqualTo(first.fees().maxFeePerGas().multiply(
                java.math.BigInteger.valueOf(9)).divide(java.math.BigInteger.valueOf(8)));

        AnvilRpc.call(dev.rpcUrl(), "evm_mine");
        roundsUntil(submitter, () -> allConfirmed(db), Duration.ofSeconds(30));
        assertAnchoredOnceEach(chain, db, 1);
        assertThat(new AnchorOutbox(db).get(DOMAIN, 0).orElseThrow().txHash()).isEqualTo(replaced.txHash());
    }

    @Test
    void anRpcOutageDegradesHealthQueuesDurablyAndCatchesUpWithEveryBatchOnce() throws Exception {
        DevChain dev = devChain(true);
        AnchorChain chain = client(dev);
        DataSource db = OutboxDatabases.h2();
        AnchorOutbox outbox = new AnchorOutbox(db);
        ChainProbe probe = new ChainProbe(DOMAIN, chain, outbox, new ChainHealthBounds(Duration.ofSeconds(30),
                Duration.ofSeconds(1), 5, Duration.ofMinutes(5), 3), Clock.systemUTC());
        AnchorSubmitter submitter = submitter(db, chain, FAST);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread loop = new Thread(() -> {
            while (running.get()) {
                Duration pause = submitter.round();
                probe.run();
                try {
                    Thread.sleep(Math.min(pause.toMillis(), 250));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "anchoring-loop");
        loop.start();
        closing.add(() -> {
            running.set(false);
            loop.join();
        });
        int sealed = 0;
        for (; sealed < 2; sealed++) {
            OutboxDatabases.seal(db, DOMAIN, sealed, 10, OutboxDatabases.root(DOMAIN, sealed), System.currentTimeMillis());
        }
        await(() -> allConfirmed(db) && probe.status().level() == ChainStatus.Level.HEALTHY, Duration.ofSeconds(30));

        dev.kill();
        for (; sealed < 7; sealed++) {
            OutboxDatabases.seal(db, DOMAIN, sealed, 10, OutboxDatabases.root(DOMAIN, sealed), System.currentTimeMillis());
        }
        await(() -> codes(probe).containsAll(List.of(ChainHealth.CHAIN_UNREACHABLE, ChainHealth.ANCHOR_BACKLOG)),
                Duration.ofSeconds(30));
        assertThat(probe.status().level()).isEqualTo(ChainStatus.Level.DEGRADED);
        assertThat(outbox.stats(DOMAIN).open()).isEqualTo(5);

        dev.restart(); // the same chain, back with its state
        await(() -> allConfirmed(db) && probe.status().level() == ChainStatus.Level.HEALTHY, Duration.ofSeconds(60));
        assertAnchoredOnceEach(chain, db, 7);
        assertThat(sunk.values()).allMatch(txs -> txs.stream().distinct().count() == 1);
    }

    @Test
    void aDifferentRootOnChainForASealedBatchStopsAnchoringAndFailsHealth() throws Exception {
        DevChain dev = devChain(false);
        AnchorChain chain = client(dev);
        // Someone with the domain's anchorer key anchored batch 0 with another root: a fork.
        new EvidenceAnchorContract(dev.client(), dev.config().contract(EvidenceAnchorContract.NAME)).anchor(
                dev.config().domain(DOMAIN).anchorer().credentials(), Bytes32.keccakOf(DOMAIN), 0, 0, 9,
                Bytes32.fromHex(OutboxDatabases.root("mallory", 0)));
        DataSource db = OutboxDatabases.h2();
        OutboxDatabases.seal(db, DOMAIN, 0, 10, OutboxDatabases.root(DOMAIN, 0), System.currentTimeMillis());
        OutboxDatabases.seal(db, DOMAIN, 1, 10, OutboxDatabases.root(DOMAIN, 1), System.currentTimeMillis());
        AnchorSubmitter submitter = submitter(db, chain, FAST);
        submitter.round();
        submitter.round();

        AnchorOutbox outbox = new AnchorOutbox(db);
        OutboxEntry forked = outbox.get(DOMAIN, 0).orElseThrow();
        assertThat(forked.state()).isEqualTo(OutboxState.FAILED);
        assertThat(forked.lastError()).startsWith(Submission.FORK);
        assertThat(outbox.get(DOMAIN, 1).orElseThrow().state()).as("nothing after the fork is sent").isEqualTo(OutboxState.QUEUED);
        assertThat(chain.nextBatchSeq(DOMAIN)).isEqualTo(1);
        assertThat(sunk).isEmpty();

        ChainProbe probe = new ChainProbe(DOMAIN, chain, outbox, new ChainHealthBounds(Duration.ofSeconds(30), Duration.ofSeconds(1),
                10, Duration.ofMinutes(5), 10), Clock.systemUTC());
        probe.run();
        assertThat(probe.status().level()).isEqualTo(ChainStatus.Level.FAILED);
        assertThat(codes(probe)).contains(Submission.FORK);
    }

    private static List<String> codes(ChainProbe probe) {
        return probe.status().reasons().stream().map(ChainStatus.Reason::code).toList();
    }

    private static void await(BooleanSupplier done, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached within " + within).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
