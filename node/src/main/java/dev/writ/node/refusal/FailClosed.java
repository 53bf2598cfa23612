package dev.writ.node.refusal;

import dev.writ.node.NodeContext;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import dev.writ.node.revocation.RevocationSnapshot;

/** The checks every state-changing request passes first: when in doubt, refuse and say why. */
public final class FailClosed {
    private FailClosed() {
    }

    /** NODE_FAILED while the node's health is FAILED (evidence store gone, revocations stale, ...). */
    public static void requireServing(NodeContext ctx, String subject) throws Refusal {
        HealthReport health = ctx.health().get();
        if (health.status() == HealthStatus.FAILED) {
            throw new Refusal(RefusalCode.NODE_FAILED, subject, "node " + ctx.nodeId() + " is FAILED: "
                    + health.failedBecause());
        }
    }

    /** The revocation snapshot, or REVOCATION_STATE_STALE when the ledger has not confirmed it within the bound (invariant 6). */
    public static RevocationSnapshot freshRevocations(NodeContext ctx, String subject) throws Refusal {
        RevocationSnapshot snapshot = ctx.revocations().get();
        long bound = ctx.settings().revocationStalenessBound().toMillis();
        if (snapshot.isStale(ctx.clock().millis(), bound)) {
            throw new Refusal(RefusalCode.REVOCATION_STATE_STALE, subject, "node " + ctx.nodeId()
                    + " last confirmed revocation epoch " + snapshot.epoch() + " more than " + bound
                    + " ms ago; it refuses until the ledger answers again");
        }
        return snapshot;
    }
}
