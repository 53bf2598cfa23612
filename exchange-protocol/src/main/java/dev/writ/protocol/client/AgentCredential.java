package dev.writ.protocol.client;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.ProposalSigning;
import dev.writ.protocol.wire.ActionProposal;
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
}
