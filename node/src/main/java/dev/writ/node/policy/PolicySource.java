package dev.writ.node.policy;

import dev.writ.policy.PolicySnapshot;

/**
 * Where the node reads the policy in force. This is the seam between the pure evaluator and the
 * policy's source of truth: {@link FilePolicySource} for development, the on-chain PolicyRegistry
 * mirror ({@code ChainPolicySource}) in production. Reads ({@link #current}, {@link #lastError})
 * never do I/O, so they are cheap enough for every admission; {@link #poll} does the I/O and runs
 * on the node's blocking dispatcher, on a schedule.
 */
public interface PolicySource {
    /**
     * The policy in force now.
     *
     * @throws PolicyUnavailableException when there is no trustworthy policy; the caller must
     *                                    refuse (fail closed), never fall back to "allow"
     */
    PolicySnapshot current() throws PolicyUnavailableException;

    /**
     * Why the source serves an older policy than its newest input (a broken file, an unreachable
     * chain), for the health check to report DEGRADED; empty when the policy in force is current.
     */
    default java.util.Optional<String> lastError() {
        return java.util.Optional.empty();
    }

    /** Looks at the source of truth again if the check interval has passed. Blocking (file or chain I/O). */
    void poll();

    /** How often the source wants to be polled. */
    java.time.Duration checkInterval();
}
