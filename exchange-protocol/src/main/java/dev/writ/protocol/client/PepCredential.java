package dev.writ.protocol.client;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.PepId;
import dev.writ.protocol.identity.PepSigning;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.RedemptionRequest;
import java.util.List;

/**
 * An enforcement point's certificate key and chain, for a {@link WritClient} that signs every
 * redemption and outcome report it sends ({@link PepSigning}), as {@link AgentCredential} does for
 * proposals. {@link #pepId()} is the id the certificate names: the {@code pep_id} of its requests.
 *
 * @param chain DER certificates, the PEP certificate first
 */
public record PepCredential(SigningKey key, List<byte[]> chain, PepId pepId) {
    private static final int MAX_CHAIN_PEM = 64 * 1024;

    public PepCredential {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a PEP credential needs its certificate chain");
        }
        chain = chain.stream().map(byte[]::clone).toList();
    }

    /** From a key and chain: the PEP id is read (not verified) from the first certificate. */
    public static PepCredential of(SigningKey key, List<byte[]> chain) throws ProtocolException {
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a PEP credential needs its certificate chain");
        }
        return new PepCredential(key, chain, PepId.namedIn(chain.get(0)));
    }

    /** From a PKCS#8 key PEM and a chain PEM (as {@code writ ca} writes them). */
    public static PepCredential fromPem(String keyPem, String chainPem) throws ProtocolException {
        return of(KeyEncoding.signingKeyFromPem(keyPem), Pem.decodeAll(chainPem, Pem.CERTIFICATE, MAX_CHAIN_PEM));
    }

    /** {@code request} for this PEP: its pep_id set to this certificate's id, then signed. */
    public RedemptionRequest sign(RedemptionRequest request) {
        return PepSigning.sign(request.toBuilder().setPepId(pepId.uri()).build(), key, chain);
    }

    /** {@code report} for this PEP: its pep_id set to this certificate's id, then signed. */
    public OutcomeRequest sign(OutcomeRequest report) {
        return PepSigning.sign(report.toBuilder().setPepId(pepId.uri()).build(), key, chain);
    }
}
