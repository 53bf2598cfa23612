package dev.writ.node.budget;

import dev.writ.node.config.Regions;
import dev.writ.node.keys.MemberSeals;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * Warms this node's way to the budget owners before it reports HEALTHY (D63). A young
 * node's first slice waits on more than the owner's arithmetic: the owner's shard allocated by the
 * coordinator, the entity recovered from the journal, and with that the journal and snapshot
 * plugins started and their queries prepared. On shared cores that took longer than
 * {@code writ.budgets.refill-timeout}. Asking a per-node owner for its usage does all of it and
 * persists nothing (its id is no budget key: those are agent#rule#kind#period).
 *
 * <p>When the domain is split into regions, the warm-up owner is one of this node's region's owners,
 * the only ones it ever asks.
 *
 * <p>Asks run in the background, one at a time, so a health check never waits on them; once one
 * was answered the node is warm for good (later trouble shows as BUDGET_UNAVAILABLE, 503).
 */
public final class BudgetWarmUp {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterSharding sharding;
    private final EntityTypeKey<BudgetEntity.Command> type;
    private final MemberSeals seals;
    private final String entityId;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile boolean warm;

    public BudgetWarmUp(ClusterSharding sharding, Regions regions, MemberSeals seals, String nodeId) {
        this.sharding = sharding;
        this.type = BudgetEntity.typeKey(regions, regions.self());
        this.seals = seals;
        this.entityId = regions.entityId("warm-up#" + nodeId, regions.self());
    }

    /** True once an owner answered this node; until then each call starts an ask unless one is in flight. */
    public boolean warm() {
        if (!warm && asking.compareAndSet(false, true)) {
            sharding.entityRefFor(type, entityId)
                    .<BudgetEntity.Usage>ask(replyTo -> BudgetEntity.GetUsage.sealedBy(seals, entityId, replyTo), ASK_TIMEOUT)
                    .whenComplete((usage, failure) -> {
                        warm = warm || failure == null;
                        asking.set(false);
                    });
        }
        return warm;
    }
}
