package dev.writ.node.identity;

import dev.writ.contracts.chain.RegisteredAgent;
import java.util.concurrent.CompletionStage;

/**
 * An agent's status in the domain's on-chain AgentRegistry: the second revocation path beside the
 * domain's revocation ledger (seed 001, section 5: "on-chain agent registry, instant deactivation").
 * Fails with a {@code Refusal} IDENTITY_UNAVAILABLE when the chain cannot be read: fail closed.
 */
public interface AgentStatusSource {
    CompletionStage<RegisteredAgent.Status> statusOf(String agentId);
}
