package dev.writ.node.revocation;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.RevocationEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleConsumer;

/**
 * The revocations this node holds now, as its {@link RevocationView} last confirmed them with the
 * ledger, and the fail-closed rule on their age: a snapshot the ledger has not confirmed within
 * {@code writ.revocations.staleness-bound} is not good enough to admit or redeem on (invariant 6).
 */
public final class RevocationState {
    private final String nodeId;
    private final Clock clock;
    private final Duration bound;
    private final AtomicReference<RevocationSnapshot> current = new AtomicReference<>(RevocationSnapshot.NONE);
    private final DoubleConsumer propagationSeconds;
    private volatile long ledgerEpoch;

    public RevocationState(String nodeId, Clock clock, Duration bound) {
        this(nodeId, clock, bound, seconds -> { });
    }

    /**
     * @param propagationSeconds told, for each entry the view takes in, how long after its
     *                           {@code revoked_at} (the revoking node's clock) this node holds it: for metrics
     */
    public RevocationState(String nodeId, Clock clock, Duration bound, DoubleConsumer propagationSeconds) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.bound = bound;
        this.propagationSeconds = propagationSeconds;
    }

    /** The newest snapshot, fresh or not: for health checks and reports. */
    public RevocationSnapshot current() {
        return current.get();
    }

    public boolean isStale() {
        return current.get().isStale(clock.millis(), bound.toMillis());
    }

    public Duration bound() {
        return bound;
    }

    /** The snapshot, or REVOCATION_STATE_STALE when the ledger has not confirmed it within the bound. */
    public RevocationSnapshot requireFresh(String subject) throws Refusal {
        RevocationSnapshot snapshot = current.get();
        if (snapshot.isStale(clock.millis(), bound.toMillis())) {
            throw new Refusal(RefusalCode.REVOCATION_STATE_STALE, subject, "node " + nodeId
                    + " last confirmed revocation epoch " + snapshot.epoch() + " more than " + bound.toMillis()
                    + " ms ago; it refuses until the ledger answers again");
        }
        return snapshot;
    }

    /** The newest epoch the view has read from the ledger (it may hold less while a read races an append). */
    public long ledgerEpoch() {
        return ledgerEpoch;
    }

    void set(RevocationSnapshot next) {
        current.set(next);
    }

    /** The view read {@code entries} and the ledger at {@code ledgerEpoch}; those up to {@code held} are now held. */
    void read(List<RevocationEntry> entries, long ledgerEpoch, long before, long held) {
        this.ledgerEpoch = Math.max(this.ledgerEpoch, ledgerEpoch);
        long now = clock.millis();
        for (RevocationEntry entry : entries) {
            if (entry.getEpoch() > before && entry.getEpoch() <= held) {
                propagationSeconds.accept((now - entry.getRevokedAtMillis()) / 1000.0);
            }
        }
    }
}
