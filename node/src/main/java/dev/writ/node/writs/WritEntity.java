package dev.writ.node.writs;

import dev.writ.node.persistence.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One writ's life, one sharded entity per jti: unused, then redeemed, expired or revoked, for good.
 *
 * <p>The entity owns single use (invariant 2). It is the only writer of its jti cluster-wide
 * (sharding), and it persists "redeemed" before it answers, so a second redemption is refused
 * with REPLAYED after a restart or a move to another node too: the journal is replayed first.
 * Issuance costs it no write: a writ is unused until an event says otherwise, and everything
 * else about the writ (signature, contract, scope) is checked before the entity is asked.
 */
public final class WritEntity extends EventSourcedBehaviorWithEnforcedReplies<WritEntity.Command, WritEntity.Event, WritEntity.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Writ");

    public enum Status { UNUSED, REDEEMED, EXPIRED, REVOKED }

    public sealed interface Command extends CborSerializable {
    }

    /** Redeem now, for the mutation with this hash, if the writ is unused and not past {@code expiresAtMillis}. */
    public record Redeem(long nowMillis, long expiresAtMillis, String mutationHash, String pepId, String nodeId,
                         ActorRef<Answer> replyTo) implements Command {
    }

    /** Mark expired if still unused at {@code nowMillis} past {@code expiresAtMillis} (the expiry sweeper). */
    public record Expire(long nowMillis, long expiresAtMillis, ActorRef<Answer> replyTo) implements Command {
    }

    /** Revoke if still unused (a redeemed writ stays redeemed: revocation cannot undo an execution). */
    public record Revoke(long nowMillis, long revocationEpoch, String reason, ActorRef<Answer> replyTo) implements Command {
    }

    public record GetState(ActorRef<Answer> replyTo) implements Command {
    }

    /**
     * What the entity did. {@code changed} is true when this command moved the writ (its event is
     * durable); otherwise {@code status} is where the writ already was.
     */
    public record Answer(boolean changed, Status status, long changedAtMillis, String detail, String ownerNode)
            implements CborSerializable {
    }

    public sealed interface Event extends CborSerializable {
        long atMillis();
    }

    public record Redeemed(long atMillis, String mutationHash, String pepId, String nodeId) implements Event {
    }

    public record Expired(long atMillis) implements Event {
    }

    public record Revoked(long atMillis, long revocationEpoch, String reason) implements Event {
    }

    public record State(Status status, long changedAtMillis, String detail) implements CborSerializable {
        static final State UNUSED = new State(Status.UNUSED, 0, "");
    }

    public static Behavior<Command> create(String jti, String ownerNode) {
        return new WritEntity(jti, ownerNode);
    }

    private final String ownerNode;

    private WritEntity(String jti, String ownerNode) {
        super(PersistenceId.of(TYPE_KEY.name(), jti));
        this.ownerNode = ownerNode;
    }

    /** A writ has at most one event and never a snapshot: recovery skips the snapshot store (one query less). */
    @Override
    public Recovery recovery() {
        return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
    }

    @Override
    public State emptyState() {
        return State.UNUSED;
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(Redeem.class, this::onRedeem)
                .onCommand(Expire.class, this::onExpire)
                .onCommand(Revoke.class, this::onRevoke)
                .onCommand(GetState.class, (state, cmd) -> Effect().reply(cmd.replyTo(), unchanged(state)))
                .build();
    }

    private ReplyEffect<Event, State> onRedeem(State state, Redeem cmd) {
        if (state.status() != Status.UNUSED) {
            return Effect().reply(cmd.replyTo(), unchanged(state));
        }
        if (cmd.nowMillis() >= cmd.expiresAtMillis()) {
            // Past its window and never redeemed: it is expired now, durably, whoever asks next.
            return Effect().persist(new Expired(cmd.nowMillis())).thenReply(cmd.replyTo(), this::unchanged);
        }
        // Invariant 2: the event is durable before the answer leaves this entity.
        return Effect().persist(new Redeemed(cmd.nowMillis(), cmd.mutationHash(), cmd.pepId(), cmd.nodeId()))
                .thenReply(cmd.replyTo(), this::changed);
    }

    private ReplyEffect<Event, State> onExpire(State state, Expire cmd) {
        if (state.status() != Status.UNUSED || cmd.nowMillis() < cmd.expiresAtMillis()) {
            return Effect().reply(cmd.replyTo(), unchanged(state));
        }
        return Effect().persist(new Expired(cmd.nowMillis())).thenReply(cmd.replyTo(), this::changed);
    }

    private ReplyEffect<Event, State> onRevoke(State state, Revoke cmd) {
        if (state.status() != Status.UNUSED) {
            return Effect().reply(cmd.replyTo(), unchanged(state));
        }
        return Effect().persist(new Revoked(cmd.nowMillis(), cmd.revocationEpoch(), cmd.reason()))
                .thenReply(cmd.replyTo(), this::changed);
    }

    private Answer changed(State state) {
        return new Answer(true, state.status(), state.changedAtMillis(), state.detail(), ownerNode);
    }

    private Answer unchanged(State state) {
        return new Answer(false, state.status(), state.changedAtMillis(), state.detail(), ownerNode);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Redeemed.class, (s, e) -> new State(Status.REDEEMED, e.atMillis(),
                        "redeemed via " + e.nodeId() + " by PEP " + e.pepId()))
                .onEvent(Expired.class, (s, e) -> new State(Status.EXPIRED, e.atMillis(), "expired unused"))
                .onEvent(Revoked.class, (s, e) -> new State(Status.REVOKED, e.atMillis(),
                        "revoked at epoch " + e.revocationEpoch() + ": " + e.reason()))
                .build();
    }
}
