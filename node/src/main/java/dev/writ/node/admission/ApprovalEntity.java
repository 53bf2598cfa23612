package dev.writ.node.admission;

import dev.writ.node.config.Regions;
import dev.writ.node.keys.MemberSeal;
import dev.writ.node.keys.MemberSeals;
import dev.writ.node.keys.SealedContent;
import dev.writ.node.persistence.CborSerializable;
import dev.writ.node.sharding.ShardFences;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * An escalated proposal waiting for a person (one sharded entity per approval id). ESCALATE parks
 * the proposal with what policy decided about it; an approval turns it into exactly one writ. A
 * retried approval answers the writ already minted, so a lost answer never mints a second one.
 *
 * <p>When the domain is split into regions, each region has an entity type of its own
 * ({@link #typeKey}), placed only on the nodes with the region's role, and an approval is parked in
 * the region of the node that escalated it, under the id {@code <proposal id>@<region>}: it stays in
 * that region, and an approval sent to a node of another region costs one hop to it.
 *
 * <p>Every command carries the sending node's {@link MemberSeal} over the entity's id; one that no
 * node of this domain sealed (a member of another data center addressing the entity through a
 * sharding proxy) is dropped unanswered and counted ({@link MemberSeals}) before it is read: it
 * neither parks, nor decides, nor reads a parked proposal.
 */
public final class ApprovalEntity
        extends EventSourcedBehaviorWithEnforcedReplies<ApprovalEntity.Command, ApprovalEntity.Event, ApprovalEntity.State> {

    /** The type when the domain is one region; also the prefix of every approval's persistence id. */
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Approval");

    public enum Status { NONE, PENDING, APPROVED, LAPSED, CONFLICT }

    /** What policy decided at ESCALATE time, kept until the approval. */
    public record Parked(byte[] proposal, byte[] proposalHash, byte[] decision, byte[] policyEpoch, long windowSeconds,
                         List<byte[]> drift, long deadlineMillis) implements CborSerializable {
    }

    public sealed interface Command extends CborSerializable {
        /** The sending node's seal over {@link #sealedContent()}. */
        MemberSeal seal();

        /** What the seal covers: every field but the seal and the reply address. */
        SealedContent sealedContent();
    }

    public record Park(Parked parked, ActorRef<Answer> replyTo, MemberSeal seal) implements Command {
        public static Park sealedBy(MemberSeals seals, String approvalId, Parked parked, ActorRef<Answer> replyTo) {
            return new Park(parked, replyTo, seals.seal(TYPE_KEY.name(), approvalId,
                    new Park(parked, replyTo, null).sealedContent()));
        }

        @Override
        public SealedContent sealedContent() {
            return new SealedContent().text("Park").bytes(parked.proposal()).bytes(parked.proposalHash())
                    .bytes(parked.decision()).bytes(parked.policyEpoch()).number(parked.windowSeconds())
                    .list(parked.drift()).number(parked.deadlineMillis());
        }
    }

    public record Get(long nowMillis, ActorRef<Answer> replyTo, MemberSeal seal) implements Command {
        public static Get sealedBy(MemberSeals seals, String approvalId, long nowMillis, ActorRef<Answer> replyTo) {
            return new Get(nowMillis, replyTo, seals.seal(TYPE_KEY.name(), approvalId,
                    new Get(nowMillis, replyTo, null).sealedContent()));
        }

        @Override
        public SealedContent sealedContent() {
            return new SealedContent().text("Get").number(nowMillis);
        }
    }

    /** Record that {@code approver} approved and writ {@code jti} was minted, if still pending at {@code nowMillis}. */
    public record RecordApproval(String approverId, long nowMillis, String jti, byte[] issuance, byte[] approvalDecision,
                                 ActorRef<Answer> replyTo, MemberSeal seal) implements Command {
        public static RecordApproval sealedBy(MemberSeals seals, String approvalId, String approverId, long nowMillis,
                                              String jti, byte[] issuance, byte[] approvalDecision,
                                              ActorRef<Answer> replyTo) {
            RecordApproval unsealed = new RecordApproval(approverId, nowMillis, jti, issuance, approvalDecision, replyTo,
                    null);
            return new RecordApproval(approverId, nowMillis, jti, issuance, approvalDecision, replyTo,
                    seals.seal(TYPE_KEY.name(), approvalId, unsealed.sealedContent()));
        }

        @Override
        public SealedContent sealedContent() {
            return new SealedContent().text("RecordApproval").text(approverId).number(nowMillis).text(jti)
                    .bytes(issuance).bytes(approvalDecision);
        }
    }

    public record Answer(Status status, Parked parked, String jti, byte[] issuance, byte[] approvalDecision)
            implements CborSerializable {
    }

    public sealed interface Event extends CborSerializable {
    }

    public record WasParked(Parked parked) implements Event {
    }

    public record WasApproved(String approverId, long atMillis, String jti, byte[] issuance, byte[] approvalDecision)
            implements Event {
    }

    public record State(Parked parked, WasApproved approval) implements CborSerializable {
        Status status(long nowMillis) {
            if (parked == null) {
                return Status.NONE;
            }
            if (approval != null) {
                return Status.APPROVED;
            }
            return nowMillis > parked.deadlineMillis() ? Status.LAPSED : Status.PENDING;
        }
    }

    private final String approvalId;
    private final MemberSeals seals;

    public static Behavior<Command> create(String approvalId, MemberSeals seals) {
        return new ApprovalEntity(approvalId, seals);
    }

    /** The entity type of the approvals parked in {@code region}: {@link #TYPE_KEY} when the domain is one region. */
    public static EntityTypeKey<Command> typeKey(Regions regions, String region) {
        return regions.split() ? EntityTypeKey.create(Command.class, regions.typeName(TYPE_KEY.name(), region)) : TYPE_KEY;
    }

    /**
     * Registers the approvals with sharding on this node: when the domain is split, those of this
     * node's region are hosted here (its role), and every other region's are reached through a proxy
     * (sharding starts one on a node without the type's role). Only the domain's own members host
     * them ({@code fences}).
     */
    public static void init(ClusterSharding sharding, ShardFences fences, Regions regions, MemberSeals seals) {
        for (String region : regions.names()) {
            Entity<Command, ShardingEnvelope<Command>> entity = Entity.of(typeKey(regions, region),
                    e -> create(e.getEntityId(), seals));
            sharding.init(fences.fenced(regions.split() ? entity.withRole(Regions.role(region)) : entity));
        }
    }

    private ApprovalEntity(String approvalId, MemberSeals seals) {
        super(PersistenceId.of(TYPE_KEY.name(), approvalId));
        this.approvalId = approvalId;
        this.seals = Objects.requireNonNull(seals, "seals");
    }

    @Override
    public State emptyState() {
        return new State(null, null);
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(command -> !seals.holds(TYPE_KEY.name(), approvalId, command.sealedContent(), command.seal()),
                        command -> Effect().noReply())
                .onCommand(Park.class, this::onPark)
                .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), answer(state, cmd.nowMillis())))
                .onCommand(RecordApproval.class, this::onApproval)
                .build();
    }

    private ReplyEffect<Event, State> onPark(State state, Park cmd) {
        if (state.parked() == null) {
            return Effect().persist(new WasParked(cmd.parked()))
                    .thenReply(cmd.replyTo(), s -> answer(s, 0));
        }
        if (!Arrays.equals(state.parked().proposalHash(), cmd.parked().proposalHash())) {
            return Effect().reply(cmd.replyTo(), new Answer(Status.CONFLICT, state.parked(), null, null, null));
        }
        return Effect().reply(cmd.replyTo(), answer(state, 0));
    }

    private ReplyEffect<Event, State> onApproval(State state, RecordApproval cmd) {
        if (state.status(cmd.nowMillis()) != Status.PENDING) {
            return Effect().reply(cmd.replyTo(), answer(state, cmd.nowMillis()));
        }
        return Effect().persist(new WasApproved(cmd.approverId(), cmd.nowMillis(), cmd.jti(), cmd.issuance(),
                        cmd.approvalDecision()))
                .thenReply(cmd.replyTo(), s -> answer(s, cmd.nowMillis()));
    }

    private static Answer answer(State state, long nowMillis) {
        WasApproved a = state.approval();
        return new Answer(state.status(nowMillis), state.parked(), a == null ? null : a.jti(),
                a == null ? null : a.issuance(), a == null ? null : a.approvalDecision());
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(WasParked.class, (s, e) -> new State(e.parked(), null))
                .onEvent(WasApproved.class, (s, e) -> new State(s.parked(), e))
                .build();
    }
}
