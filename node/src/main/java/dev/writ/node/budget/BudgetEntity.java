package dev.writ.node.budget;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.persistence.CborSerializable;
import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One rate or spend budget of one agent and rule, for one fixed period: the cluster-wide counter
 * that keeps N admissions on N nodes from each spending the whole budget. Sharded by
 * {@link BudgetCharge#entityId()} (budget key + period start), so each period is a fresh entity
 * and nothing ever has to be reset.
 *
 * <p>A reservation is persisted before it is acknowledged: after a crash or failover the budget
 * still counts every admission a writ was minted for (budgets are never over-used). The decision
 * lives in {@link BudgetLedger}; this class only persists and replies.
 */
public final class BudgetEntity extends EventSourcedBehaviorWithEnforcedReplies<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Budget");

    // ------------------------------------------------------------------ protocol

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Take {@code charge} from the budget for the admission {@code admissionId}; idempotent per
     * admission, so a retried ask of the same admission is not charged twice. Admission draws a new
     * id for every proposal it claims, so no other admission (nor another copy of the proposal) can
     * present it.
     */
    public record Reserve(BudgetCharge charge, String admissionId, ActorRef<Answer> replyTo) implements Command {
        public Reserve {
            Objects.requireNonNull(charge, "charge");
            Objects.requireNonNull(admissionId, "admissionId");
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** How much of the budget is used; for operators and tests. */
    public record GetUsage(ActorRef<Usage> replyTo) implements Command {
    }

    /** What a budget answers a reservation: taken, or refused with a stable reason code. */
    public sealed interface Answer extends CborSerializable {
    }

    /**
     * An accepted reservation. {@code repeated} is true when this admission had already reserved
     * and nothing was charged this time.
     */
    public record Reservation(String budgetId, String admissionId, BigDecimal amount, BigDecimal used,
                              BigDecimal limit, boolean repeated) implements Answer {
    }

    /** A refused reservation: RATE_LIMIT_EXCEEDED, SPEND_BUDGET_EXCEEDED or BUDGET_UNAVAILABLE, and why. */
    public record Refused(ReasonCode code, String detail) implements Answer {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(detail, "detail");
        }
    }

    public record Usage(String budgetId, BigDecimal used, int reservations) implements CborSerializable {
    }

    public sealed interface Event extends CborSerializable {
    }

    /**
     * Journaled with the admission id under the name {@code proposalId}, which events written while
     * reservations were keyed by proposal id carry, so every journal replays.
     */
    public record Reserved(@JsonProperty("proposalId") String admissionId, BigDecimal amount) implements Event {
    }

    public record State(BudgetLedger ledger) implements CborSerializable {
        public State {
            Objects.requireNonNull(ledger, "ledger");
        }
    }

    // ------------------------------------------------------------------ behaviour

    private final String budgetId;

    private BudgetEntity(String budgetId) {
        super(PersistenceId.of(TYPE_KEY.name(), budgetId));
        this.budgetId = budgetId;
    }

    public static Behavior<Command> create(String entityId) {
        return new BudgetEntity(entityId);
    }

    /** Registers the budget entities with sharding on this node. */
    public static void init(ClusterSharding sharding) {
        sharding.init(Entity.of(TYPE_KEY, context -> create(context.getEntityId())));
    }

    /** Reserves through cluster sharding, each charge at the entity of its budget and period. */
    public static BudgetReservations.Reserver reserver(ClusterSharding sharding, Duration timeout, Executor continuations) {
        return (charge, admissionId) -> Continuations.on(continuations, sharding.entityRefFor(TYPE_KEY, charge.entityId())
                .ask(replyTo -> new Reserve(charge, admissionId, replyTo), timeout));
    }

    @Override
    public State emptyState() {
        return new State(BudgetLedger.empty());
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(Reserve.class, this::onReserve)
                .onCommand(GetUsage.class, (state, cmd) -> Effect().reply(cmd.replyTo(),
                        new Usage(budgetId, state.ledger().used(), state.ledger().reservations().size())))
                .build();
    }

    private ReplyEffect<Event, State> onReserve(State state, Reserve cmd) {
        BudgetCharge charge = cmd.charge();
        if (!charge.entityId().equals(budgetId)) {
            // a routing bug must not charge the wrong budget; refusing keeps the admission closed
            return Effect().reply(cmd.replyTo(), new Refused(ReasonCode.BUDGET_UNAVAILABLE,
                    "charge for " + charge.entityId() + " reached budget " + budgetId));
        }
        BudgetLedger.Verdict verdict = state.ledger().decide(charge, cmd.admissionId());
        if (verdict instanceof BudgetLedger.Accept accept) {
            // invariant: persist before ack, so a reservation survives any crash after the reply
            return Effect().persist(new Reserved(cmd.admissionId(), charge.amount()))
                    .thenReply(cmd.replyTo(), after -> new Reservation(budgetId, cmd.admissionId(),
                            charge.amount(), after.ledger().used(), charge.limit(), false));
        }
        if (verdict instanceof BudgetLedger.AlreadyReserved already) {
            return Effect().reply(cmd.replyTo(), new Reservation(budgetId, cmd.admissionId(),
                    already.amount(), state.ledger().used(), charge.limit(), true));
        }
        BudgetLedger.Refuse refuse = (BudgetLedger.Refuse) verdict;
        return Effect().reply(cmd.replyTo(), new Refused(refuse.code(), refuse.detail()));
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(Reserved.class, (state, event) -> new State(state.ledger().reserve(event.admissionId(), event.amount())))
                .build();
    }
}
