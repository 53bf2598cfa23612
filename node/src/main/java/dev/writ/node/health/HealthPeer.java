package dev.writ.node.health;

import dev.writ.node.persistence.CborSerializable;
import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Answers this node's current health to the consoles of its domain's other nodes, registered with
 * the receptionist under its domain's key. It answers only what `GET /v1/health` already shows
 * (status, each check's status and public detail): never a finding's cause, which only the
 * node's log may hold. It trusts no one and changes nothing, so any member may ask; the asker is
 * the one to decide which answers it believes (a member of its own data center, D40).
 */
public final class HealthPeer {
    public sealed interface Command extends CborSerializable {
    }

    /** Answer {@link Answer} with the node's health now. */
    public record Ask(ActorRef<Answer> replyTo) implements Command {
    }

    /** One node's health as its {@link HealthState} serves it now (a stale report is FAILED). */
    public record Answer(String nodeId, HealthStatus status, List<Reason> reasons, long checkedAtMillis)
            implements CborSerializable {
        public Answer {
            reasons = List.copyOf(reasons);
        }

        /** The public part of a report: every finding without its cause. */
        public static Answer of(String nodeId, HealthReport report) {
            return new Answer(nodeId, report.status(), report.findings().stream()
                    .map(f -> new Reason(f.check(), f.status(), f.detail())).toList(), report.checkedAtMillis());
        }
    }

    /** One check's outcome, as {@link HealthReport.Finding} without its cause. */
    public record Reason(String check, HealthStatus status, String detail) implements CborSerializable {
    }

    private HealthPeer() {
    }

    public static ServiceKey<Command> serviceKey(String domain) {
        return ServiceKey.create(Command.class, "health-peer-" + domain);
    }

    public static Behavior<Command> create(String nodeId, String domain, Supplier<HealthReport> health) {
        return Behaviors.setup(ctx -> {
            ctx.getSystem().receptionist().tell(Receptionist.register(serviceKey(domain), ctx.getSelf()));
            return Behaviors.receive(Command.class)
                    .onMessage(Ask.class, ask -> {
                        ask.replyTo().tell(Answer.of(nodeId, health.get()));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
