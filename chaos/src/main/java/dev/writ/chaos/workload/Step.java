package dev.writ.chaos.workload;

import dev.writ.protocol.wire.ActionProposal;

/** One client operation the generator chose: what to do, via which node(s). */
public sealed interface Step {

    /** An agent proposes an action via {@code node}. */
    record Propose(String node, ActionProposal proposal) implements Step {
    }

    /** A PEP redeems a writ via {@code node} (a revoked one too: it must be refused). */
    record Redeem(String node, IssuedWrit writ) implements Step {
    }

    /** Two PEPs redeem the same writ at once via two different nodes: at most one may succeed. */
    record DoubleRedeem(String firstNode, String secondNode, IssuedWrit writ) implements Step {
    }

    /** An operator revokes a writ via {@code node}. */
    record Revoke(String node, IssuedWrit writ) implements Step {
    }
}
