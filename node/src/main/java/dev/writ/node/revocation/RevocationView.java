package dev.writ.node.revocation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.persistence.CborSerializable;
import dev.writ.protocol.wire.RevocationEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * One node's copy of its domain's revocations (invariant 6). New entries arrive pushed over a
 * cluster topic the moment they are appended, and the ledger (in the domain's database) is polled
 * on a fixed interval, which both fills any gap and proves freshness: a view whose last confirmation is older than the
 * staleness bound makes the node refuse (REVOCATION_STATE_STALE) instead of guessing.
 *
 * <p>The current snapshot is published to the {@link RevocationState} so the admission and
 * redemption paths read it without a message round trip.
 */
public final class RevocationView extends AbstractBehavior<RevocationView.Command> {

    public sealed interface Command extends CborSerializable {
    }

    /** Pushed on the domain's topic by the node that appended the entry. */
    public record EntryPublished(byte[] entry) implements Command {
    }

    /** Answer {@link Holding} once this view holds at least {@code epoch}. */
    public record AwaitEpoch(long epoch, ActorRef<Holding> replyTo) implements Command {
    }

    public record Holding(String nodeId, long epoch) implements CborSerializable {
    }

    private enum Poll implements Command { INSTANCE }

    private record LedgerAnswered(RevocationLedger.Entries entries, long askedAtMillis) implements Command {
    }

    private record LedgerFailed(String reason) implements Command {
    }

    public static ServiceKey<Command> serviceKey(String domain) {
        return ServiceKey.create(Command.class, "revocation-view-" + domain);
    }

    public static String topicName(String domain) {
        return "writ-revocations-" + domain;
    }

    public static Behavior<Command> create(String nodeId, String domain, RevocationLedger ledger, Executor blocking,
                                           ActorRef<Topic.Command<EntryPublished>> topic,
                                           RevocationState current, Clock clock,
                                           Duration pollInterval, Duration pollTimeout) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Poll.INSTANCE, pollInterval);
            ctx.getSystem().receptionist().tell(Receptionist.register(serviceKey(domain), ctx.getSelf()));
            topic.tell(Topic.subscribe(ctx.getSelf().narrow()));
            ctx.getSelf().tell(Poll.INSTANCE);
            return new RevocationView(ctx, nodeId, ledger, blocking, current, clock, pollTimeout);
        }));
    }

    private final String nodeId;
    private final RevocationLedger ledger;
    private final Executor blocking;
    private final RevocationState current;
    private final Clock clock;
    private final Duration pollTimeout;
    private final List<AwaitEpoch> waiting = new ArrayList<>();
    private boolean polling;

    private RevocationView(ActorContext<Command> ctx, String nodeId, RevocationLedger ledger, Executor blocking,
                           RevocationState current, Clock clock, Duration pollTimeout) {
        super(ctx);
        this.nodeId = nodeId;
        this.ledger = ledger;
        this.blocking = blocking;
        this.current = current;
        this.clock = clock;
        this.pollTimeout = pollTimeout;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Poll.class, p -> poll())
                .onMessage(LedgerAnswered.class, this::onLedger)
                .onMessage(LedgerFailed.class, this::onLedgerFailed)
                .onMessage(EntryPublished.class, this::onPublished)
                .onMessage(AwaitEpoch.class, this::onAwait)
                .build();
    }

    private Behavior<Command> poll() {
        if (polling) {
            return this;
        }
        polling = true;
        long askedAt = clock.millis();
        long epoch = current.current().epoch();
        getContext().pipeToSelf(
                CompletableFuture.supplyAsync(() -> ledger.since(epoch), blocking)
                        .orTimeout(pollTimeout.toMillis(), TimeUnit.MILLISECONDS),
                (entries, failure) -> failure == null
                        ? new LedgerAnswered(entries, askedAt)
                        : new LedgerFailed(String.valueOf(failure.getMessage())));
        return this;
    }

    private Behavior<Command> onLedger(LedgerAnswered answered) {
        polling = false;
        RevocationSnapshot next = current.current().apply(answered.entries().entries(), answered.askedAtMillis());
        if (next.epoch() < answered.entries().ledgerEpoch()) {
            // The answer raced a newer append; it cannot confirm freshness. Ask again.
            next = new RevocationSnapshot(next.epoch(), next.agents(), next.writs(), next.keys(), next.delegations(),
                    current.current().confirmedAtMillis());
            getContext().getSelf().tell(Poll.INSTANCE);
        }
        install(next);
        return this;
    }

    private Behavior<Command> onLedgerFailed(LedgerFailed failed) {
        polling = false;
        getContext().getLog().warn("Revocation view of {} could not read the ledger ({}); it stays at epoch {} and "
                + "turns stale once the staleness bound passes", nodeId, failed.reason(), current.current().epoch());
        return this;
    }

    private Behavior<Command> onPublished(EntryPublished published) {
        RevocationEntry entry;
        try {
            entry = RevocationEntry.parseFrom(published.entry());
        } catch (InvalidProtocolBufferException e) {
            getContext().getLog().warn("Revocation view of {} ignored an unreadable pushed entry; the next poll reads the ledger",
                    nodeId);
            return this;
        }
        RevocationSnapshot before = current.current();
        RevocationSnapshot next = before.apply(List.of(entry), before.confirmedAtMillis());
        if (next.epoch() == before.epoch() && entry.getEpoch() > before.epoch()) {
            getContext().getSelf().tell(Poll.INSTANCE); // a gap: fetch what came in between
        }
        install(next);
        return this;
    }

    private Behavior<Command> onAwait(AwaitEpoch await) {
        if (current.current().epoch() >= await.epoch()) {
            await.replyTo().tell(new Holding(nodeId, current.current().epoch()));
        } else {
            waiting.add(await);
            getContext().getSelf().tell(Poll.INSTANCE);
        }
        return this;
    }

    private void install(RevocationSnapshot next) {
        current.set(next);
        waiting.removeIf(w -> {
            if (next.epoch() >= w.epoch()) {
                w.replyTo().tell(new Holding(nodeId, next.epoch()));
                return true;
            }
            return false;
        });
    }
}
