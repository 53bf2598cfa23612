package dev.writ.node.identity;

import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.RegisteredAgent;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.identity.SpiffeId;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Reads {@code AgentRegistry.agent(keccak256(domain), keccak256(spiffeId))} on the blocking executor,
 * under the domain the agent's SPIFFE id names, and reuses a status for {@code ttl}
 * (writ.identity.agent-registry.status-cache), which bounds how late an on-chain revocation is seen.
 * REVOKED is final on chain, so it is kept for good. The registry keeps agents per registering
 * domain, so what another domain's admin registered under a name of this domain is never read here;
 * a record whose domain is not the id's (a registry that did not keep them apart) reads as UNKNOWN.
 */
public final class ChainAgentStatus implements AgentStatusSource {
    private record Seen(RegisteredAgent.Status status, long atNanos) {
    }

    private final AgentRegistryContract registry;
    private final Executor blocking;
    private final long ttlNanos;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    public ChainAgentStatus(AgentRegistryContract registry, Executor blocking, Duration ttl) {
        this.registry = registry;
        this.blocking = blocking;
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public CompletionStage<RegisteredAgent.Status> statusOf(String agentId) {
        Seen last = seen.get(agentId);
        if (last != null && (last.status() == RegisteredAgent.Status.REVOKED || System.nanoTime() - last.atNanos() < ttlNanos)) {
            return CompletableFuture.completedFuture(last.status());
        }
        return registered(agentId).thenApply(RegisteredAgent::status);
    }

    @Override
    public CompletionStage<RegisteredAgent> registered(String agentId) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                RegisteredAgent agent = ofItsOwnDomain(agentId,
                        registry.agent(Bytes32.keccakOf(domainOf(agentId)), Bytes32.keccakOf(agentId)));
                seen.put(agentId, new Seen(agent.status(), System.nanoTime()));
                return agent;
            } catch (RuntimeException e) {
                throw new CompletionException(new Refusal(RefusalCode.IDENTITY_UNAVAILABLE, agentId,
                        "the on-chain AgentRegistry at " + registry.address() + " cannot be read: " + e.getMessage()));
            }
        }, blocking);
    }

    /** The agent as registered, or UNKNOWN when the domain that registered it is not the one its id names. */
    static RegisteredAgent ofItsOwnDomain(String agentId, RegisteredAgent agent) {
        if (agent.status() == RegisteredAgent.Status.UNKNOWN || agent.domain().equals(Bytes32.keccakOf(domainOf(agentId)))) {
            return agent;
        }
        return new RegisteredAgent(agent.agent(), agent.domain(), agent.capabilities(), agent.modelHash(),
                RegisteredAgent.Status.UNKNOWN, agent.registeredAt(), agent.revokedAt(), agent.enrolmentKey());
    }

    /** The trust domain an agent's SPIFFE id names; empty (no domain's) for an id that is not one. */
    private static String domainOf(String agentId) {
        try {
            return SpiffeId.parse(agentId).domain();
        } catch (ProtocolException e) {
            return "";
        }
    }
}
