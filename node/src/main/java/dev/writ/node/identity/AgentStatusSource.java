package dev.writ.node.identity;

import dev.writ.contracts.chain.RegisteredAgent;
import java.util.concurrent.CompletionStage;

/**
 * An agent's status in the domain's on-chain AgentRegistry: the second revocation path beside the
 * domain's revocation ledger (docs/sources.md, key hierarchy: "on-chain agent registry, instant
 * deactivation").
 * Fails with a {@code Refusal} IDENTITY_UNAVAILABLE when the chain cannot be read: fail closed.
 */
public interface AgentStatusSource {
    /** The status, possibly reused for a short while (admission and redemption). */
    CompletionStage<RegisteredAgent.Status> statusOf(String agentId);

    /** The full on-chain record, read now (issuance compares domain and model hash too). */
    CompletionStage<RegisteredAgent> registered(String agentId);
}
