package dev.writ.node.budget;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.writ.node.config.Regions;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.keys.MemberSeal;
import dev.writ.node.keys.MemberSeals;
import dev.writ.node.keys.SealedContent;
import dev.writ.node.persistence.CborSerializable;
import dev.writ.node.sharding.ShardFences;
import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
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
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The owner of one rate or spend budget of one agent and rule, for one fixed period: the one
 * writer that grants nodes slices of it ({@link SliceGrants}), which they spend in memory
 * ({@link BudgetEscrow}). Sharded by {@link BudgetCharge#entityId()} (budget key + period start),
 * so each period is a fresh entity and nothing ever has to be reset.
 *
 * <p>When the domain is split into regions ({@link Regions#split()}), each region has an entity type
 * of its own ({@link #typeKey}), placed by sharding only on the nodes with the region's cluster role;
 * its entity ids carry the region ({@code <budget>@<region>}), and each owner grants at most its
 * region's share of the limit. A node asks only its own region's owners ({@link #owner}), so
 * admission never crosses a region, and a region that is lost takes only its own share with it.
 *
 * <p>A grant is persisted before it is answered: after a crash or failover the owner still counts
 * every slice a node may have spent, so the sum of grants, and with it what nodes admit, never
 * exceeds the limit. Its state is two numbers, snapshotted every {@link #SNAPSHOT_EVERY} events, so
 * recovery reads at most that many events.
 *
 * <p>Every command carries the sending node's {@link MemberSeal}; one that no node of this domain
 * sealed (a member of another data center addressing this entity through a sharding proxy) is
 * dropped unanswered and counted ({@link MemberSeals}), before it is read.
 */
public final class BudgetEntity extends EventSourcedBehaviorWithEnforcedReplies<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State> {

    /** The owners' type when the domain is one region; also the prefix of every owner's persistence id. */
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Budget");
    static final int SNAPSHOT_EVERY = 100;

    // ------------------------------------------------------------------ protocol

    public sealed interface Command extends CborSerializable {
        /** The sending node's seal over {@link #sealedContent()}. */
        MemberSeal seal();

        /** What the seal covers: every field but the seal and the reply address. */
        SealedContent sealedContent();
    }

    /**
     * Grant node {@code nodeId} a slice of the budget {@code charge} draws from: at least
     * {@code need}, ideally {@code ask}, shrunk near the limit by the number of {@code nodes}.
     */
    public record RequestSlice(BudgetCharge charge, BigDecimal need, BigDecimal ask, String nodeId, int nodes,
                               ActorRef<Answer> replyTo, MemberSeal seal) implements Command {
        public RequestSlice {
            Objects.requireNonNull(charge, "charge");
            Objects.requireNonNull(need, "need");
            Objects.requireNonNull(ask, "ask");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(replyTo, "replyTo");
            if (need.signum() <= 0) {
                throw new IllegalArgumentException("a slice is asked for a positive need, was " + need);
            }
        }

        /** The request for {@code charge}, sealed by {@code seals}' node. */
        public static RequestSlice sealedBy(MemberSeals seals, BudgetCharge charge, BigDecimal need, BigDecimal ask,
                                          String nodeId, int nodes, ActorRef<Answer> replyTo) {
            RequestSlice unsealed = new RequestSlice(charge, need, ask, nodeId, nodes, replyTo, null);
            return new RequestSlice(charge, need, ask, nodeId, nodes, replyTo,
                    seals.seal(TYPE_KEY.name(), charge.entityId(), unsealed.sealedContent()));
        }

        @Override
        public SealedContent sealedContent() {
            return new SealedContent().text("RequestSlice").text(charge.key()).text(charge.kind().name())
                    .number(charge.periodStartMillis()).number(charge.periodMillis()).amount(charge.limit())
                    .amount(charge.amount()).amount(need).amount(ask).text(nodeId).number(nodes);
        }
    }

    /** How much of the budget is granted; for operators and tests. */
    public record GetUsage(ActorRef<Usage> replyTo, MemberSeal seal) implements Command {
        /** The question to budget {@code budgetId}, sealed by {@code seals}' node. */
        public static GetUsage sealedBy(MemberSeals seals, String budgetId, ActorRef<Usage> replyTo) {
            return new GetUsage(replyTo, seals.seal(TYPE_KEY.name(), budgetId, content()));
        }

        @Override
        public SealedContent sealedContent() {
            return content();
        }

        private static SealedContent content() {
            return new SealedContent().text("GetUsage");
        }
    }

    /** What the owner answers a request: a slice, or exhausted with a stable reason code. */
    public sealed interface Answer extends CborSerializable {
    }

    /** A slice granted to the asking node; {@code remaining} is what is left to grant after it. */
    public record Slice(String grantId, BigDecimal amount, BigDecimal remaining) implements Answer {
    }

    /** Less than the node needs is left: RATE_LIMIT_EXCEEDED or SPEND_BUDGET_EXCEEDED, and why. */
    public record Exhausted(ReasonCode code, String detail, BigDecimal remaining) implements Answer {
        public Exhausted {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public record Usage(String budgetId, BigDecimal granted, long grants) implements CborSerializable {
    }

    public sealed interface Event extends CborSerializable {
    }

    /** A slice of {@code amount} granted to node {@code nodeId}. */
    public record Granted(String grantId, String nodeId, BigDecimal amount) implements Event {
    }

    /**
     * A reservation journaled before budgets were granted in slices; it replays as granted and
     * spent. Carries the admission id under the name earlier nodes wrote.
     */
    public record Reserved(@JsonProperty("proposalId") String admissionId, BigDecimal amount) implements Event {
    }

    public record State(SliceGrants grants) implements CborSerializable {
        public State {
            Objects.requireNonNull(grants, "grants");
        }
    }

    // ------------------------------------------------------------------ behaviour

    private final String budgetId;
    private final Regions regions;
    private final MemberSeals seals;

    private BudgetEntity(String budgetId, Regions regions, MemberSeals seals) {
        // the persistence id does not depend on the sharding type: "Budget|<budget>" or "Budget|<budget>@<region>"
        super(PersistenceId.of(TYPE_KEY.name(), budgetId));
        this.budgetId = budgetId;
        this.regions = regions;
        this.seals = Objects.requireNonNull(seals, "seals");
    }

    /**
     * The owner {@code entityId} on a node of region {@code regions.self()}: sharding places a
     * region's owners only on its nodes, so that is the region whose share it grants.
     */
    public static Behavior<Command> create(String entityId, Regions regions, MemberSeals seals) {
        return new BudgetEntity(entityId, regions, seals);
    }

    /** The owners' entity type in {@code region}: {@link #TYPE_KEY} when the domain is one region. */
    public static EntityTypeKey<Command> typeKey(Regions regions, String region) {
        return regions.split() ? EntityTypeKey.create(Command.class, regions.typeName(TYPE_KEY.name(), region)) : TYPE_KEY;
    }

    /**
     * Registers this node's region's budget owners with sharding; when the domain is split they are
     * placed only on nodes with the region's role. Other regions' owners are never asked from here, and
     * the domain's owners are placed only on its own members ({@code fences}).
     */
    public static void init(ClusterSharding sharding, ShardFences fences, Regions regions, MemberSeals seals) {
        Entity<Command, ShardingEnvelope<Command>> entity = Entity.of(typeKey(regions, regions.self()),
                context -> create(context.getEntityId(), regions, seals));
        sharding.init(fences.fenced(regions.split() ? entity.withRole(regions.role()) : entity));
    }

    /** Asks the owner of each charge's budget and period in this node's region for slices, through cluster sharding. */
    public static BudgetEscrow.Owner owner(ClusterSharding sharding, Regions regions, MemberSeals seals, String nodeId,
                                           Duration timeout, Executor continuations) {
        EntityTypeKey<Command> type = typeKey(regions, regions.self());
        return (charge, need, ask, nodes) -> Continuations.on(continuations,
                sharding.entityRefFor(type, regions.entityId(charge.entityId(), regions.self()))
                        .ask(replyTo -> RequestSlice.sealedBy(seals, charge, need, ask, nodeId, nodes, replyTo), timeout));
    }

    @Override
    public State emptyState() {
        return new State(SliceGrants.empty());
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(command -> !seals.holds(TYPE_KEY.name(), addressed(command), command.sealedContent(),
                        command.seal()), command -> Effect().noReply())
                .onCommand(RequestSlice.class, this::onRequest)
                .onCommand(GetUsage.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
                        new Usage(budgetId, state.grants().granted(), state.grants().grants())))
                .build();
    }

    /**
     * The budget the sender addressed: a slice request's seal covers its charge's budget, so that a
     * request sharding delivered to the wrong owner is still answered (refused, below) rather than dropped.
     */
    private String addressed(Command command) {
        return command instanceof RequestSlice request ? request.charge().entityId() : budgetId;
    }

    private ReplyEffect<Event, State> onRequest(State state, RequestSlice cmd) {
        if (!regions.entityId(cmd.charge().entityId(), regions.self()).equals(budgetId)) {
            // a routing bug must not grant from the wrong budget; answering exhausted keeps admission closed
            return Effect().reply(cmd.replyTo(), new Exhausted(ReasonCode.BUDGET_UNAVAILABLE,
                    "charge for " + cmd.charge().entityId() + " reached budget " + budgetId, BigDecimal.ZERO));
        }
        SliceGrants.Verdict verdict = state.grants().decide(cmd.charge(), regions.share(regions.self()), budgetId, cmd.need(), cmd.ask(), cmd.nodes());
        if (verdict instanceof SliceGrants.Grant grant) {
            // persist before answering: a slice a node may spend is counted after any crash
            return Effect().persist(new Granted(grant.grantId(), cmd.nodeId(), grant.amount()))
                    .thenReply(cmd.replyTo(), after -> new Slice(grant.grantId(), grant.amount(), grant.remaining()));
        }
        SliceGrants.Exhausted exhausted = (SliceGrants.Exhausted) verdict;
        return Effect().reply(cmd.replyTo(), new Exhausted(exhausted.code(), exhausted.detail(), exhausted.remaining()));
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Granted.class, (state, event) -> new State(state.grants().grant(event.amount())))
                .onEvent(Reserved.class, (state, event) -> new State(state.grants().reserved(event.amount())))
                .build();
    }
}
