package dev.writ.node.singleton;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.InvalidActorNameException;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.singleton.ClusterSingletonManager;
import org.apache.pekko.cluster.singleton.ClusterSingletonManagerSettings;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a node's cluster singletons (one per data center, so one per domain) behind a
 * {@link HandOverFence} (the manager's mailbox, {@link HandOverFenceMailbox}): the manager is started here, under the name Pekko's {@link ClusterSingleton}
 * gives it, before Pekko's is asked for its proxy (it then finds the name taken, as on a second
 * init, and starts no manager of its own). Hand-overs the fence ignored are counted for
 * {@code writ_singleton_handovers_refused_total} and logged at most once a second. One per actor system.
 */
public final class Singletons implements Extension {
    private static final Logger LOG = LoggerFactory.getLogger(Singletons.class);
    private static final long WARNING_INTERVAL_MILLIS = 1_000;
    private static final String MAILBOX = "writ.cluster.singleton-mailbox";
    private static final ExtensionId<Singletons> ID = new ExtensionId<>() {
        @Override
        public Singletons createExtension(ActorSystem<?> system) {
            return new Singletons(system);
        }
    };

    private final ActorSystem<?> system;
    private final LongAdder refused = new LongAdder();
    private final LongAdder unlogged = new LongAdder();
    private final AtomicLong lastWarningMillis = new AtomicLong(Long.MIN_VALUE / 2);

    private Singletons(ActorSystem<?> system) {
        this.system = system;
    }

    public static Singletons get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** Starts {@code behavior} as the data center's singleton {@code name}; the proxy to it. */
    public <M> ActorRef<M> init(Behavior<M> behavior, String name) {
        ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
        try {
            classic.systemActorOf(ClusterSingletonManager.props(Adapter.props(() -> behavior, Props.empty()),
                    PoisonPill.getInstance(), ClusterSingletonManagerSettings.create(classic).withSingletonName(name))
                    .withMailbox(MAILBOX), "singletonManager" + name);
        } catch (InvalidActorNameException started) {
            throw new IllegalStateException("singleton " + name + " was started twice", started);
        }
        return ClusterSingleton.get(system).init(SingletonActor.of(behavior, name));
    }

    /** Hand-overs of this node's singletons its fences ignored so far. */
    public long refusedHandOvers() {
        return refused.sum();
    }

    /** Counts and logs (at most once a second) a hand-over request to {@code manager} the fence dropped. */
    void refused(String manager, String from) {
        refused.increment();
        long now = System.currentTimeMillis();
        long last = lastWarningMillis.get();
        if (now - last < WARNING_INTERVAL_MILLIS || !lastWarningMillis.compareAndSet(last, now)) {
            unlogged.increment();
            return;
        }
        LOG.warn("{} ignored a request to hand its singleton over while this node is its data center's oldest member"
                + " (sender named: {}; any member can send one, docs/trust-model.md); {} more ignored unlogged since"
                + " the last warning", manager, from, unlogged.sumThenReset());
    }
}
