package dev.writ.protocol.identity;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Canonical;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.ActionProposal;
import java.time.Instant;
import java.util.List;

/**
 * Authenticated proposals (step 1 of the life of an action): the agent signs the Canonical bytes of
 * its proposal, with the credential fields cleared, under its certificate key and purpose PROPOSAL,
 * and sends the chain and signature in the proposal itself.
 */
public final class ProposalSigning {
    private ProposalSigning() {
    }

    /** True when the proposal carries any part of an agent credential (so it must be verified in full). */
    public static boolean carriesCredential(ActionProposal proposal) {
        return proposal.getAgentCertificatesCount() > 0 || !proposal.getAgentSignature().isEmpty();
    }

    /**
     * The KeyId of the key certified by the proposal's first certificate, read without any check:
     * meaningful only for a proposal that {@link #verify} accepted. Empty when it carries none.
     */
    public static java.util.Optional<dev.writ.protocol.crypto.KeyId> certifiedKeyId(ActionProposal proposal) {
        if (proposal.getAgentCertificatesCount() == 0) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(X509Signing.keyOf(new org.bouncycastle.cert.X509CertificateHolder(
                    proposal.getAgentCertificates(0).toByteArray()).getSubjectPublicKeyInfo()).id());
        } catch (java.io.IOException | ProtocolException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The bytes the agent signs: the Canonical bytes of the proposal without its credential. */
    public static byte[] signedBytes(ActionProposal proposal) {
        return Canonical.bytes(proposal.toBuilder().clearAgentCertificates().clearAgentSignature().build());
    }

    /** The agent side: the proposal with {@code chain} (agent certificate first) and its signature attached. */
    public static ActionProposal sign(ActionProposal proposal, SigningKey key, List<byte[]> chain) {
        ActionProposal.Builder signed = proposal.toBuilder().clearAgentCertificates().clearAgentSignature();
        for (byte[] der : chain) {
            signed.addAgentCertificates(ByteString.copyFrom(der));
        }
        return signed.setAgentSignature(ByteString.copyFrom(
                key.sign(SignaturePurpose.PROPOSAL, signedBytes(proposal)))).build();
    }

    /**
     * Verifies the proposal's credential: the chain (every CERT_* check of {@link AgentChainVerifier}),
     * the certificate's SPIFFE id is the proposal's agent (CERT_AGENT_MISMATCH), its model hash is the
     * proposal's (CERT_MODEL_MISMATCH), and the certified key signed these bytes (CERT_KEY_MISMATCH).
     */
    public static VerifiedAgent verify(ActionProposal proposal, AgentChainVerifier verifier, Instant now,
                                       RevocationCheck revocations) throws ProtocolException {
        List<byte[]> chain = proposal.getAgentCertificatesList().stream().map(ByteString::toByteArray).toList();
        VerifiedAgent agent = certified(proposal, chain, verifier, now, revocations);
        agent.requireSigned(SignaturePurpose.PROPOSAL, signedBytes(proposal), proposal.getAgentSignature().toByteArray());
        return agent;
    }

    /**
     * Verifies an unsigned proposal against the chain its mutual-TLS connection presented (the
     * handshake proved the agent holds the certified key): every check of {@link #verify} but the
     * signature.
     */
    public static VerifiedAgent verifyPresented(ActionProposal proposal, List<byte[]> presented,
                                                AgentChainVerifier verifier, Instant now, RevocationCheck revocations)
            throws ProtocolException {
        return certified(proposal, presented, verifier, now, revocations);
    }

    /**
     * The proposal with the chain that authenticated its connection attached and no signature: what
     * the node decides on and records, so the writ is bound to that certificate's key and the
     * evidence names it. Sent by a client this form fails {@link #verify} (no signature).
     */
    public static ActionProposal attachPresented(ActionProposal proposal, List<byte[]> presented) {
        ActionProposal.Builder attached = proposal.toBuilder().clearAgentCertificates().clearAgentSignature();
        for (byte[] der : presented) {
            attached.addAgentCertificates(ByteString.copyFrom(der));
        }
        return attached.build();
    }

    private static VerifiedAgent certified(ActionProposal proposal, List<byte[]> chain, AgentChainVerifier verifier,
                                           Instant now, RevocationCheck revocations) throws ProtocolException {
        if (chain.size() > verifier.maxChainLength()) {
            throw new ProtocolException(Fault.CERT_CHAIN_OVERSIZED, "a chain of " + chain.size()
                    + " certificates exceeds the bound of " + verifier.maxChainLength());
        }
        VerifiedAgent agent = verifier.verify(chain, now, revocations);
        requireCertifies(proposal, agent);
        return agent;
    }

    /**
     * Checks that a verified chain certifies this proposal: the certificate's SPIFFE id is the
     * proposal's agent (CERT_AGENT_MISMATCH) and its model hash the proposal's (CERT_MODEL_MISMATCH).
     * For a node that verified the chain itself (once, and cached it); {@link #verify} does all of it.
     */
    public static void requireCertifies(ActionProposal proposal, VerifiedAgent agent) throws ProtocolException {
        if (!agent.agent().uri().equals(proposal.getAgentId())) {
            throw new ProtocolException(Fault.CERT_AGENT_MISMATCH, "the certificate is for " + agent.agent()
                    + ", the proposal is from " + proposal.getAgentId());
        }
        if (!proposal.getContext().getModelHash().equals(ByteString.copyFrom(agent.modelHash()))) {
            throw new ProtocolException(Fault.CERT_MODEL_MISMATCH, "the proposal names another model hash than the one "
                    + agent.agent() + "'s certificate attests");
        }
    }
}
