package dev.writ.node.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.evidence.Dialect;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationEntry.Kind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One node's view over a real (H2) ledger, with the domain's topic open to any member. */
class RevocationViewTest {
    private static final String DOMAIN = "acme";
    /** So long that only a hint can explain a view catching up within the test. */
    private static final Duration POLL_INTERVAL = Duration.ofMinutes(1);
    /** Longer than any read is held at the gate, so a held read is never cut off. */
    private static final Duration POLL_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration AWAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final ActorTestKit kit = ActorTestKit.create();
    private final CountingExecutor blocking = new CountingExecutor();
    private RevocationLedger ledger;
    private RevocationState state;
    /** What the state told metrics: one propagation time per entry its view took in. */
    private final Queue<Double> propagated = new ConcurrentLinkedQueue<>();
    private ActorRef<Topic.Command<RevocationView.LedgerAppended>> topic;
    private ActorRef<RevocationView.Command> view;

    @BeforeEach
    void start() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + dir.resolve("ledger") + ";DB_CLOSE_DELAY=-1");
        new EvidenceStore(db, Dialect.H2, Duration.ofSeconds(5), Duration.ofSeconds(1)).createSchema();
        ledger = new RevocationLedger(db, DOMAIN);
        state = new RevocationState("n1", Clock.systemUTC(), Duration.ofMinutes(5), propagated::add);
        topic = kit.spawn(Topic.create(RevocationView.LedgerAppended.class, RevocationView.topicName(DOMAIN)));
        view = kit.spawn(RevocationView.create("n1", DOMAIN, ledger, blocking, topic, state, Clock.systemUTC(),
                POLL_INTERVAL, POLL_TIMEOUT, Duration.ofSeconds(10)));
        // The view subscribed before its first read; once that read is over, hints reach it.
        kit.createTestProbe().awaitAssert(AWAIT, () -> assertThat(blocking.finished).hasValue(1));
        assertThat(heldNow()).isZero();
        assertThat(state.current().confirmedAtMillis()).as("the first read confirmed the empty ledger").isPositive();
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
        blocking.pool.shutdownNow();
    }

    @Test
    void aForgedPushAheadOfTheLedgerIsNotHeldAndTheRealEntryAtThatEpochIs() {
        RevocationSnapshot before = state.current();
        TestProbe<RevocationView.Holding> forgedAwait = kit.createTestProbe();
        topic.tell(Topic.publish(new RevocationView.LedgerAppended(DOMAIN, 1)));
        topic.tell(Topic.publish(new RevocationView.LedgerAppended(DOMAIN, 2)));
        view.tell(new RevocationView.AwaitEpoch(2, forgedAwait.ref()));
        // A member can as well find the view in the receptionist and tell it straight.
        view.tell(new RevocationView.LedgerAppended(DOMAIN, 1));
        assertThat(heldNow()).as("a claim the ledger does not hold moves nothing").isZero();
        assertThat(state.current()).usingRecursiveComparison().ignoringFields("confirmedAtMillis").isEqualTo(before);

        RevocationEntry real = ledger.revoke(Kind.WRIT, "jti-really-revoked", "compromised", "ops", 1_000);
        assertThat(real.getEpoch()).isEqualTo(1);
        // Published after the forged hints on the same topic, so the view has had them all once it holds this.
        topic.tell(Topic.publish(new RevocationView.LedgerAppended(DOMAIN, real.getEpoch())));
        kit.createTestProbe().awaitAssert(AWAIT, () -> assertThat(state.current().writs())
                .containsExactly("jti-really-revoked"));
        assertThat(state.current().epoch()).isEqualTo(1);
        assertThat(state.current().agents()).isEmpty();

        // Epoch 2 is not in the ledger, so its waiter gets no answer: the next one it gets is for the
        // epoch the view really holds.
        view.tell(new RevocationView.AwaitEpoch(1, forgedAwait.ref()));
        forgedAwait.expectMessage(AWAIT, new RevocationView.Holding("n1", 1));
    }

    @Test
    void aRevocationReachesTheViewOnItsHintWithoutWaitingForThePoll() {
        long began = System.currentTimeMillis();
        RevocationEntry entry = ledger.revoke(Kind.AGENT, "spiffe://acme/agent/rogue", "compromised", "ops", 1_000);
        topic.tell(Topic.publish(new RevocationView.LedgerAppended(DOMAIN, entry.getEpoch())));
        kit.createTestProbe().awaitAssert(AWAIT, () -> assertThat(state.current().agents())
                .containsExactly("spiffe://acme/agent/rogue"));
        assertThat(state.current().epoch()).isEqualTo(1);
        assertThat(state.ledgerEpoch()).as("the epoch read from the ledger").isEqualTo(1);
        long heldBy = System.currentTimeMillis();
        // taken in after the test began and before now, so measured from revoked_at it lies between those
        assertThat(propagated).as("one propagation time for the one entry, measured from its revoked_at")
                .singleElement().satisfies(seconds -> assertThat(seconds * 1000).isBetween(
                        (double) (began - entry.getRevokedAtMillis()), (double) (heldBy - entry.getRevokedAtMillis())));
    }

    @Test
    void aFloodOfHintsKeepsOneLedgerReadInFlightAndCoalescesIntoOneMore() {
        view.tell(new RevocationView.LedgerAppended("globex", 5));
        assertThat(heldNow()).isZero();
        assertThat(blocking.submitted).as("another domain's ledger is not this view's to read").hasValue(1);

        blocking.gate = new CountDownLatch(1);
        for (long epoch = 1; epoch <= 1_000; epoch++) {
            view.tell(new RevocationView.LedgerAppended(DOMAIN, epoch));
        }
        heldNow();
        assertThat(blocking.submitted).as("while the first hint's read is held, the other hints start none")
                .hasValue(2);

        blocking.gate.countDown();
        kit.createTestProbe().awaitAssert(AWAIT, () -> assertThat(blocking.finished).hasValue(3));
        assertThat(heldNow()).as("no hint was believed").isZero();
        assertThat(blocking.submitted).as("the hints that came during the read: one more read, then none")
                .hasValue(3);
    }

    @Test
    void waitersForEpochsTheLedgerDoesNotHoldAreBoundedOldestDroppedFirst() {
        TestProbe<RevocationView.Holding> waiter = kit.createTestProbe();
        int flood = RevocationView.MAX_WAITING + 100;
        for (int i = 0; i < flood; i++) {
            view.tell(new RevocationView.AwaitEpoch(1, waiter.ref()));
        }
        heldNow();
        waiter.expectNoMessage(Duration.ofMillis(200));

        RevocationEntry entry = ledger.revoke(Kind.WRIT, "jti-1", "compromised", "ops", 1_000);
        topic.tell(Topic.publish(new RevocationView.LedgerAppended(DOMAIN, entry.getEpoch())));
        for (int i = 0; i < RevocationView.MAX_WAITING; i++) {
            waiter.expectMessage(AWAIT, new RevocationView.Holding("n1", 1));
        }
        waiter.expectNoMessage(Duration.ofMillis(500)); // the 100 oldest were dropped to make room
    }

    /** The epoch the view holds once it has handled every message told to it before. */
    private long heldNow() {
        TestProbe<RevocationView.Holding> probe = kit.createTestProbe();
        view.tell(new RevocationView.AwaitEpoch(0, probe.ref()));
        return probe.expectMessageClass(RevocationView.Holding.class, AWAIT).epoch();
    }

    /** The blocking executor, counting the ledger reads the view gives it; a test can hold them at a gate. */
    private static final class CountingExecutor implements Executor {
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        final AtomicInteger submitted = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void execute(Runnable read) {
            submitted.incrementAndGet();
            CountDownLatch held = gate;
            pool.execute(() -> {
                try {
                    held.await();
                    read.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    finished.incrementAndGet();
                }
            });
        }
    }
}
