package dev.writ.node.identity;

import com.google.protobuf.ByteString;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.identity.ProposalSigning;
import dev.writ.protocol.identity.RevocationCheck;
import dev.writ.protocol.identity.VerifiedAgent;
import dev.writ.protocol.wire.ActionProposal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Step 1 of the life of an action, identity: the proposal's certificate chain (checked once per
 * chain, {@link VerifiedChains}), SPIFFE id, model hash and signature (as {@link ProposalSigning#verify}),
 * revocation by both paths, on every request (the domain's
 * revocation ledger as this node holds it, and the on-chain AgentRegistry when configured). Every
 * failure is a {@link Refusal} under the CERT_* code of its cause, recorded as evidence by the API.
 */
public final class AgentAuthentication {
    private final NodeIdentity identity;
    private final Optional<VerifiedChains<VerifiedAgent>> chains;

    /** Keeps up to {@code verifiedChains} verified chains (writ.identity.verified-chain-cache). */
    public AgentAuthentication(NodeIdentity identity, int verifiedChains) {
        this(identity, identity.verifier().map(v -> new VerifiedChains<>(VerifiedChains.agentsOf(v), verifiedChains)));
    }

    /** {@code chains}: the cache of verified chains, empty when the node trusts no agent CA. */
    AgentAuthentication(NodeIdentity identity, Optional<VerifiedChains<VerifiedAgent>> chains) {
        this.identity = identity;
        this.chains = chains;
    }

    /**
     * The proposal to decide on, once its agent is authenticated: by its signature, or, unsigned, by
     * the certificate chain its mutual-TLS connection presented ({@code presented}, agent certificate
     * first; empty without one), which is then attached to it so the writ is bound to that
     * certificate's key and the evidence names it. A signed proposal on a connection that presented
     * another certificate is refused (CERT_AGENT_MISMATCH: one agent per request). Unsigned without a
     * client certificate, it is refused in {@code required} mode and passes as it is in
     * {@code optional} mode (policy still applies, and so do ledger AGENT revocations).
     */
    public CompletionStage<ActionProposal> authenticate(ActionProposal proposal, List<byte[]> presented,
                                                        RevocationSnapshot revocations, Instant now) {
        ActionProposal authenticated;
        try {
            authenticated = verified(proposal, presented, revocations, now);
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        }
        return requireActiveOnChain(proposal.getAgentId(), proposal.getProposalId()).thenApply(active -> authenticated);
    }

    private ActionProposal verified(ActionProposal proposal, List<byte[]> presented, RevocationSnapshot revocations,
                                    Instant now) throws Refusal {
        String id = proposal.getProposalId();
        boolean signed = ProposalSigning.carriesCredential(proposal);
        if (!signed && presented.isEmpty()) {
            if (identity.settings().agentCertificates() == NodeSettings.AgentCertificates.REQUIRED) {
                throw new Refusal(RefusalCode.CERT_REQUIRED, id, "this node admits only proposals signed with an agent"
                        + " certificate, or sent over mutual TLS with one (writ.identity.agent-certificates = required)");
            }
            return proposal;
        }
        if (chains.isEmpty()) {
            throw new Refusal(RefusalCode.CERT_WRONG_CA, id, "this node trusts no agent CA (writ.identity.ca-dir is empty),"
                    + " so no certificate can chain to it");
        }
        try {
            // what ProposalSigning.verify and verifyPresented check, with the chain itself checked once per chain
            List<byte[]> chain = signed
                    ? proposal.getAgentCertificatesList().stream().map(ByteString::toByteArray).toList()
                    : presented;
            VerifiedAgent agent = chains.get().verified(chain, now, revocations.epoch());
            Optional<String> revoked = ledger(revocations).revocationOf(agent.serial(), agent.agent(), agent.key().id());
            if (revoked.isPresent()) {
                throw new ProtocolException(Fault.CERT_REVOKED, "certificate " + agent.serial().toString(16) + " of "
                        + agent.agent() + " is revoked: " + revoked.get());
            }
            ProposalSigning.requireCertifies(proposal, agent);
            if (!signed) {
                return ProposalSigning.attachPresented(proposal, presented);
            }
            agent.requireSigned(SignaturePurpose.PROPOSAL, ProposalSigning.signedBytes(proposal),
                    proposal.getAgentSignature().toByteArray());
        } catch (ProtocolException e) {
            throw new Refusal(RefusalCode.ofCertificateFault(e.fault()), id, e.fault() + ": " + e.detail());
        }
        if (!presented.isEmpty() && !Arrays.equals(presented.get(0), proposal.getAgentCertificates(0).toByteArray())) {
            throw new Refusal(RefusalCode.CERT_AGENT_MISMATCH, id, "the proposal is signed with another certificate than"
                    + " the one its TLS connection presented: one agent per request");
        }
        return proposal;
    }

    /** The ledger path: an AGENT revocation of the SPIFFE id, or a KEY revocation of the certified key. */
    public static RevocationCheck ledger(RevocationSnapshot revocations) {
        return (serial, agent, key) -> {
            if (revocations.agents().contains(agent.uri())) {
                return Optional.of("agent " + agent + " is revoked in the domain's ledger (epoch " + revocations.epoch() + ")");
            }
            if (revocations.keys().contains(key.toString())) {
                return Optional.of("certificate key " + key + " is revoked in the domain's ledger (epoch "
                        + revocations.epoch() + ")");
            }
            return Optional.empty();
        };
    }

    /**
     * The chain path: with a registry configured, the agent must be ACTIVE there; REVOKED is
     * CERT_REVOKED, UNKNOWN is AGENT_NOT_REGISTERED, an unreadable chain IDENTITY_UNAVAILABLE.
     */
    public CompletionStage<Void> requireActiveOnChain(String agentId, String subject) {
        if (identity.registry().isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return identity.registry().get().statusOf(agentId).thenCompose(status -> switch (status) {
            case ACTIVE -> CompletableFuture.completedFuture(null);
            case REVOKED -> CompletableFuture.failedFuture(new Refusal(RefusalCode.CERT_REVOKED, subject,
                    "agent " + agentId + " is revoked in the on-chain AgentRegistry"));
            case UNKNOWN -> CompletableFuture.failedFuture(new Refusal(RefusalCode.AGENT_NOT_REGISTERED, subject,
                    "agent " + agentId + " is not registered in the on-chain AgentRegistry"));
        });
    }
}
