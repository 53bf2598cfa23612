package dev.writ.node.refusal;

import dev.writ.node.NodeContext;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.reconciliation.DomainView;
import dev.writ.reconciliation.Verdict;

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

    /**
     * When an action depends on another domain (its target is owned there, or its writ was issued
     * there): that domain's continuity must be proven now (docs/sources.md, proof exchange), else the
     * refusal says
     * why — CONTINUITY_GAP, EPOCH_STALE, EQUIVOCATION or ENVELOPE_INVALID.
     *
     * @param requiredEpoch the domain's revocation epoch the action was decided under (0: none)
     * @return the domain's view, holding its revocations; empty for this node's own domain
     */
    public static java.util.Optional<DomainView> requirePartnerContinuity(NodeContext ctx, String domain,
                                                                          long requiredEpoch, String subject)
            throws Refusal {
        if (domain.equals(ctx.domain())) {
            return java.util.Optional.empty();
        }
        Verdict verdict = ctx.partners().verdict(domain, requiredEpoch);
        if (verdict instanceof Verdict.Refuse r) {
            throw new Refusal(RefusalCode.valueOf(r.code().name()), subject, r.detail());
        }
        return java.util.Optional.of(((Verdict.Accept) verdict).view());
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
