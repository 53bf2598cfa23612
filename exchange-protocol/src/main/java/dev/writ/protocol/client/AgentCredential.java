package dev.writ.protocol.client;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.ProposalSigning;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.PossessionProof;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.writ.PossessionProofs;
import java.time.Instant;
import java.util.List;

/**
 * An agent's certificate key and chain, for a {@link WritClient} that signs every proposal it sends
 * ({@link ProposalSigning}). The key stays in this process; only the chain and signatures travel.
 *
 * @param chain DER certificates, the agent certificate first
 */
public record AgentCredential(SigningKey key, List<byte[]> chain) {
    private static final int MAX_CHAIN_PEM = 64 * 1024;

    public AgentCredential {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("an agent credential needs its certificate chain");
        }
        chain = chain.stream().map(byte[]::clone).toList();
    }

    /** From a PKCS#8 key PEM and a chain PEM (as `writ ca issue` or the node's issuance endpoint write it). */
    public static AgentCredential fromPem(String keyPem, String chainPem) throws ProtocolException {
        return new AgentCredential(KeyEncoding.signingKeyFromPem(keyPem), Pem.decodeAll(chainPem, Pem.CERTIFICATE, MAX_CHAIN_PEM));
    }

    public ActionProposal sign(ActionProposal proposal) {
        return ProposalSigning.sign(proposal, key, chain);
    }

    /**
     * The proof, to hand {@code pepId} with the writ of {@code allowed}, that this agent presents it
     * for exactly {@code mutation} at {@code now}: a writ minted for a signed proposal names this key
     * ({@code cnf.jkt}), and its PEP and node refuse it without this proof (D61).
     *
     * @param allowed the node's ALLOW answer to this agent's proposal (its jti and contract)
     */
    public PossessionProof prove(ProposalResponse allowed, Action mutation, String pepId, Instant now) {
        if (allowed.getJti().isEmpty() || allowed.getContract().isEmpty()) {
            throw new IllegalArgumentException("not an ALLOW answer: it carries no jti and contract");
        }
        return PossessionProofs.prove(key, allowed.getJti(), Hashes.sha256(allowed.getContract().toByteArray()), mutation,
                pepId, now);
    }

    /**
     * As {@link #prove(ProposalResponse, Action, String, Instant)}, for an agent that kept only the
     * compact writ; its jti and contract hash are read from it.
     *
     * @throws ProtocolException {@code compactWrit} is not a writ whose claims can be read
     */
    public PossessionProof prove(String compactWrit, Action mutation, String pepId, Instant now) throws ProtocolException {
        return PossessionProofs.prove(key, compactWrit, mutation, pepId, now);
    }
}
