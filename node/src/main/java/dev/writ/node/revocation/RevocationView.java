package dev.writ.node.revocation;

import dev.writ.node.persistence.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * One node's copy of its domain's revocations (invariant 6). The copy only ever holds what this
 * node read from the ledger (in the domain's database): an append is announced on a cluster topic,
 * and the announcement is only a hint to read the ledger now, because any member of the shared
 * cluster, of any domain, can publish on the topic or tell this actor directly. The ledger is also
 * polled on a fixed interval, which fills any gap and proves freshness: a view whose last
 * confirmation is older than the staleness bound makes the node refuse (REVOCATION_STATE_STALE)
 * instead of guessing.
 *
 * <p>The current snapshot is published to the {@link RevocationState} so the admission and
 * redemption paths read it without a message round trip.
 */
public final class RevocationView extends AbstractBehavior<RevocationView.Command> {

    /**
     * Everything this actor handles. Only {@link Remote} messages cross the wire: the rest are its own
     * (timers, answers of its own reads and checks) and are not serializable, so no member can send one
     * (docs/trust-model.md, "Between cluster members").
     */
    public sealed interface Command {
    }

    /** What members (of this domain, and for the exchange, of every domain) may send this actor. */
    public sealed interface Remote extends Command, CborSerializable {
    }

    /**
     * Published on the domain's topic by the node that appended {@code epoch}. It names the epoch
     * and carries no entry: whoever sent it, the view reads the ledger and holds what it finds there.
     */
    public record LedgerAppended(String domain, long epoch) implements Remote {
    }

    /** Answer {@link Holding} once this view has read at least {@code epoch} from the ledger. */
    public record AwaitEpoch(long epoch, ActorRef<Holding> replyTo) implements Remote {
    }

    public record Holding(String nodeId, long epoch) implements CborSerializable {
    }

    /** The view's name among the node's system actors ({@code Node} starts it there). */
    public static final String NAME = "revocation-view";
    /** Where the view of the member at an address is: that address followed by this path. */
    public static final String PATH = "/system/" + NAME;

    /**
     * At most this many waiters are kept, and none longer than {@link #WAITER_LIFETIME} (the asks
     * that wait here time out well before): a flood of waits for epochs the ledger does not hold
     * cannot grow the view's memory.
     */
    static final int MAX_WAITING = 1024;
    static final Duration WAITER_LIFETIME = Duration.ofMinutes(1);

    private record Waiter(AwaitEpoch await, long sinceMillis) {
    }

    private enum Poll implements Command { INSTANCE }

    /** {@code claimed}: the highest epoch a hint or a waiter had claimed when the read began; 0 for none. */
    private record LedgerAnswered(RevocationLedger.Entries entries, long askedAtMillis, long claimed) implements Command {
    }

    private record LedgerFailed(String reason) implements Command {
    }

    public static String topicName(String domain) {
        return "writ-revocations-" + domain;
    }

    /** @param claimWarningInterval at most one warning per interval about claimed epochs the ledger does not hold */
    public static Behavior<Command> create(String nodeId, String domain, RevocationLedger ledger, Executor blocking,
                                           ActorRef<Topic.Command<LedgerAppended>> topic,
                                           RevocationState current, Clock clock,
                                           Duration pollInterval, Duration pollTimeout, Duration claimWarningInterval) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Poll.INSTANCE, pollInterval);
            topic.tell(Topic.subscribe(ctx.getSelf().narrow()));
            ctx.getSelf().tell(Poll.INSTANCE);
            return new RevocationView(ctx, nodeId, domain, ledger, blocking, current, clock, pollTimeout,
                    claimWarningInterval);
        }));
    }

    private final String nodeId;
    private final String domain;
    private final RevocationLedger ledger;
    private final Executor blocking;
    private final RevocationState current;
    private final Clock clock;
    private final Duration pollTimeout;
    private final Duration claimWarningInterval;
    /** Waiters for epochs not read yet, oldest first; bounded, since any member can ask. */
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private boolean reading;
    /** The highest epoch claimed while a read was in flight: that read may have begun before the append. */
    private long claimedDuringRead;
    private long lastClaimWarningMillis = Long.MIN_VALUE;
    private long claimsNotInLedger;

    private RevocationView(ActorContext<Command> ctx, String nodeId, String domain, RevocationLedger ledger,
                           Executor blocking, RevocationState current, Clock clock, Duration pollTimeout,
                           Duration claimWarningInterval) {
        super(ctx);
        this.nodeId = nodeId;
        this.domain = domain;
        this.ledger = ledger;
        this.blocking = blocking;
        this.current = current;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
        this.claimWarningInterval = claimWarningInterval;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Poll.class, p -> onPoll())
                .onMessage(LedgerAnswered.class, this::onLedger)
                .onMessage(LedgerFailed.class, this::onLedgerFailed)
                .onMessage(LedgerAppended.class, this::onAppended)
                .onMessage(AwaitEpoch.class, this::onAwait)
                .build();
    }

    private Behavior<Command> onPoll() {
        if (!reading) {
            read(0);
        }
        return this;
    }

    /**
     * A claim that the ledger holds {@code epoch}, believed only as far as a read bears it out. One
     * read is in flight at most: claims that arrive meanwhile coalesce into one more read after it,
     * so a flood of hints costs this node one ledger query at a time.
     */
    private void readFor(long epoch) {
        if (epoch <= current.current().epoch()) {
            return;
        }
        if (reading) {
            claimedDuringRead = Math.max(claimedDuringRead, epoch);
        } else {
            read(epoch);
        }
    }

    /** Reads the ledger from the held epoch; the read covers every claim made before it begins. */
    private void read(long claimed) {
        reading = true;
        long claim = Math.max(claimed, claimedDuringRead);
        claimedDuringRead = 0;
        long askedAt = clock.millis();
        long epoch = current.current().epoch();
        getContext().pipeToSelf(
                CompletableFuture.supplyAsync(() -> ledger.since(epoch), blocking)
                        .orTimeout(pollTimeout.toMillis(), TimeUnit.MILLISECONDS),
                (entries, failure) -> failure == null
                        ? new LedgerAnswered(entries, askedAt, claim)
                        : new LedgerFailed(String.valueOf(failure.getMessage())));
    }

    private Behavior<Command> onLedger(LedgerAnswered answered) {
        reading = false;
        RevocationSnapshot next = current.current().apply(answered.entries().entries(), answered.askedAtMillis());
        current.read(answered.entries().entries(), answered.entries().ledgerEpoch(), current.current().epoch(), next.epoch());
        if (next.epoch() < answered.entries().ledgerEpoch()) {
            // The answer raced a newer append; it cannot confirm freshness. Read again.
            next = new RevocationSnapshot(next.epoch(), next.agents(), next.writs(), next.keys(), next.delegations(),
                    current.current().confirmedAtMillis());
            install(next);
            read(answered.claimed());
            return this;
        }
        install(next);
        if (answered.claimed() > next.epoch()) {
            warnOfClaimNotInLedger(domain, answered.claimed(), next.epoch());
        }
        long claimedMeanwhile = claimedDuringRead;
        claimedDuringRead = 0;
        readFor(claimedMeanwhile);
        return this;
    }

    private Behavior<Command> onLedgerFailed(LedgerFailed failed) {
        reading = false;
        getContext().getLog().warn("Revocation view of {} could not read the ledger ({}); it stays at epoch {} and "
                + "turns stale once the staleness bound passes", nodeId, failed.reason(), current.current().epoch());
        return this;
    }

    private Behavior<Command> onAppended(LedgerAppended appended) {
        if (!domain.equals(appended.domain())) {
            // The topic is this domain's; another domain's ledger is not this view's to read.
            warnOfClaimNotInLedger(appended.domain(), appended.epoch(), current.current().epoch());
            return this;
        }
        readFor(appended.epoch());
        return this;
    }

    private Behavior<Command> onAwait(AwaitEpoch await) {
        if (current.current().epoch() >= await.epoch()) {
            await.replyTo().tell(new Holding(nodeId, current.current().epoch()));
        } else {
            long now = clock.millis();
            while (!waiting.isEmpty() && (waiting.size() >= MAX_WAITING
                    || now - waiting.peekFirst().sinceMillis() > WAITER_LIFETIME.toMillis())) {
                waiting.pollFirst(); // its asker has given up by now, or the oldest makes room
            }
            waiting.addLast(new Waiter(await, now));
            readFor(await.epoch());
        }
        return this;
    }

    /**
     * Any member can claim any epoch, so an operator hears of claims the ledger does not bear out at
     * most once per interval, with how many there were: a flood of forged hints cannot flood the log.
     */
    private void warnOfClaimNotInLedger(String claimedDomain, long claimed, long held) {
        claimsNotInLedger++;
        long now = clock.millis();
        if (lastClaimWarningMillis != Long.MIN_VALUE && now - lastClaimWarningMillis < claimWarningInterval.toMillis()) {
            return;
        }
        getContext().getLog().warn("Revocation view of {} (domain {}) ignored claims of revocation epochs it could not "
                + "read from its ledger: {} since the last warning, the latest that domain {} holds epoch {}; the view "
                + "holds epoch {} as read from the ledger. It holds only what it reads; repeated claims point to a "
                + "misbehaving cluster member", nodeId, domain, claimsNotInLedger, claimedDomain, claimed, held);
        lastClaimWarningMillis = now;
        claimsNotInLedger = 0;
    }

    private void install(RevocationSnapshot next) {
        current.set(next);
        waiting.removeIf(w -> {
            if (next.epoch() >= w.await().epoch()) {
                w.await().replyTo().tell(new Holding(nodeId, next.epoch()));
                return true;
            }
            return false;
        });
    }
}
