package dev.writ.node.revocation;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

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

    public RevocationState(String nodeId, Clock clock, Duration bound) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.bound = bound;
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

    void set(RevocationSnapshot next) {
        current.set(next);
    }
}
