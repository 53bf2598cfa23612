package dev.writ.node.health;

import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.time.Duration;
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
    private volatile Checked last;

    private record Checked(HealthReport report, long atNanos) {
    }

    public HealthState(String nodeId, Duration staleAfter) {
        this(nodeId, staleAfter, System::nanoTime);
    }

    HealthState(String nodeId, Duration staleAfter, LongSupplier nanoTime) {
        this.nodeId = nodeId;
        this.staleAfter = staleAfter;
        this.nanoTime = nanoTime;
        this.last = new Checked(HealthReport.starting(), nanoTime.getAsLong());
    }

    /** The monitor's newest report. */
    public void set(HealthReport report) {
        last = new Checked(report, nanoTime.getAsLong());
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

    /** Fail closed: NODE_FAILED while the node is FAILED (evidence store gone, revocations stale, ...). */
    public void requireServing(String subject) throws Refusal {
        HealthReport now = get();
        if (now.status() == HealthStatus.FAILED) {
            throw new Refusal(RefusalCode.NODE_FAILED, subject, "node " + nodeId + " is FAILED: " + now.failedBecause());
        }
    }
}
