package dev.writ.node.health;

import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The node's latest health report, and whether it is still current. A report the monitor has not
 * renewed within {@code writ.health.stale-after} (the JVM was frozen, paused or starved) is
 * served as FAILED: a node that wakes from a pause must not answer HEALTHY, nor serve writes, on
 * the word of a check made before it slept. Age is measured on the monotonic clock, so a node
 * clock that jumps does not make a fresh report stale.
 */
public final class HealthState {
    private final String nodeId;
    private final Duration staleAfter;
    private final LongSupplier nanoTime;
    private final BooleanSupplier evidenceReachable;
    private volatile Checked last;
    /** Latched by the first report that is not FAILED: the node has been ready to serve since it started. */
    private volatile boolean ready;

    private record Checked(HealthReport report, long atNanos) {
    }

    public HealthState(String nodeId, Duration staleAfter) {
        this(nodeId, staleAfter, () -> true);
    }

    /**
     * @param evidenceReachable whether the evidence log reaches its database now
     *                          ({@code EvidenceLog::reachable}): known the moment a write fails to,
     *                          before the monitor's next report says so
     */
    public HealthState(String nodeId, Duration staleAfter, BooleanSupplier evidenceReachable) {
        this(nodeId, staleAfter, System::nanoTime, evidenceReachable);
    }

    HealthState(String nodeId, Duration staleAfter, LongSupplier nanoTime, BooleanSupplier evidenceReachable) {
        this.nodeId = nodeId;
        this.staleAfter = staleAfter;
        this.nanoTime = nanoTime;
        this.evidenceReachable = evidenceReachable;
        this.last = new Checked(HealthReport.starting(), nanoTime.getAsLong());
    }

    /** The monitor's newest report. */
    public void set(HealthReport report) {
        last = new Checked(report, nanoTime.getAsLong());
        if (report.status() != HealthStatus.FAILED) {
            ready = true;
        }
    }

    /**
     * Whether the node has been ready to serve since it started: a report not FAILED was set once
     * (member of a formed cluster, shards allocated, a budget owner answered, database, evidence,
     * revocations and policy in order). Once ready it stays so; a later failure is
     * {@link #requireServing}'s to refuse, with its reason.
     */
    public boolean ready() {
        return ready;
    }

    /**
     * Fail closed while the node starts (D69): until it has been ready once, NODE_STARTING,
     * a 503 with Retry-After that says nothing was done, so a client retries later or at another
     * node. A started node's JVM and caches are cold; refusing at the edge from memory answers at
     * once where taking the request would have it wait on what is not ready yet.
     */
    public void requireReady(String subject) throws Refusal {
        if (!ready) {
            throw new Refusal(RefusalCode.NODE_STARTING, subject, "node " + nodeId + " is starting and not ready to"
                    + " serve yet (" + get().failedBecause() + "); nothing was done: retry in a moment, or at another"
                    + " node of the domain");
        }
    }

    /** What the node is now: the newest report, or that report FAILED when it is older than the bound. */
    public HealthReport get() {
        Checked c = last;
        long ageMillis = (nanoTime.getAsLong() - c.atNanos()) / 1_000_000;
        if (ageMillis <= staleAfter.toMillis()) {
            return c.report();
        }
        return c.report().failedWith(new Finding("health", HealthStatus.FAILED, "last checked " + ageMillis
                + " ms ago, more than writ.health.stale-after (" + staleAfter.toMillis() + " ms): the node was paused"
                + " or starved; it refuses until the next check"));
    }

    /**
     * Fail closed, at once and without touching the database: EVIDENCE_UNAVAILABLE while the evidence
     * log cannot reach the database, or the node is FAILED because its database does not answer or
     * evidence cannot be written (nothing could be
     * made durable; the answer carries a Retry-After, as the node recovers by itself when the
     * database is back), NODE_FAILED while it is FAILED for any other reason (revocations stale, not
     * a member, ...).
     */
    public void requireServing(String subject) throws Refusal {
        if (!evidenceReachable.getAsBoolean()) {
            throw new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE, subject, "node " + nodeId + " cannot reach its database,"
                    + " so nothing can be made durable and nothing was done; it takes requests again once the database"
                    + " answers its health check");
        }
        HealthReport now = get();
        if (now.status() != HealthStatus.FAILED) {
            return;
        }
        if (now.evidenceUnavailable()) {
            throw new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE, subject, "node " + nodeId
                    + " cannot make evidence durable now, so nothing was done: " + now.failedBecause());
        }
        throw new Refusal(RefusalCode.NODE_FAILED, subject, "node " + nodeId + " is FAILED: " + now.failedBecause());
    }
}
