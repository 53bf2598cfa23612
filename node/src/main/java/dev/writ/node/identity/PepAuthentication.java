package dev.writ.node.identity;

import com.google.protobuf.Message;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.identity.PepSigning;
import dev.writ.protocol.identity.VerifiedPep;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Who sends a redemption or an outcome report (docs/trust-model.md, "PEP"; docs/decisions.md,
 * D58): a PEP certified by this domain's CA, proven by its signature over the request
 * ({@link PepSigning}) or by the client certificate of its HTTPS connection, verified by the same
 * chain check as agents' ({@code AgentChainVerifier.verifyPep}: root, validity, the "Writ
 * enforcement" EKU, this domain; once per chain, {@link VerifiedChains}), its key not revoked in the
 * ledger and its signature checked on every request; and the request's {@code pep_id}
 * must be the certificate's SPIFFE id (PEP_MISMATCH). Without a credential: PEP_REQUIRED in
 * {@code required} mode, the {@code pep_id} as sent in {@code optional} mode. Every failure is a
 * {@link Refusal} the API records as evidence.
 */
public final class PepAuthentication {
    private final NodeIdentity identity;
    private final Optional<VerifiedChains<VerifiedPep>> chains;

    /** Keeps up to {@code verifiedChains} verified PEP chains (writ.identity.verified-chain-cache). */
    public PepAuthentication(NodeIdentity identity, int verifiedChains) {
        this(identity, identity.verifier().map(v -> new VerifiedChains<>(VerifiedChains.pepsOf(v), verifiedChains)));
    }

    /** {@code chains}: the cache of verified PEP chains, empty when the node trusts no CA. */
    PepAuthentication(NodeIdentity identity, Optional<VerifiedChains<VerifiedPep>> chains) {
        this.identity = identity;
        this.chains = chains;
    }

    /**
     * Authenticates the PEP behind {@code request} (a RedemptionRequest or OutcomeRequest naming
     * {@code pepId}), given the chain its TLS connection presented ({@code presented}, empty
     * without one); answers normally when it may be served as {@code pepId}.
     */
    public void authenticate(Message request, String pepId, List<byte[]> presented, RevocationSnapshot revocations,
                             Instant now, String subject) throws Refusal {
        boolean signed = PepSigning.carriesCredential(request);
        if (!signed && presented.isEmpty()) {
            if (identity.settings().pepCredentials() == NodeSettings.PepCredentials.REQUIRED) {
                throw new Refusal(RefusalCode.PEP_REQUIRED, subject, "this node serves redemptions and outcome reports"
                        + " only from a PEP certified by its domain's CA (writ.identity.pep-credentials = required)");
            }
            return;
        }
        if (chains.isEmpty()) {
            throw new Refusal(RefusalCode.CERT_WRONG_CA, subject, "this node trusts no CA (writ.identity.ca-dir is empty),"
                    + " so no PEP certificate can chain to it");
        }
        List<byte[]> chain = signed ? PepSigning.chain(request) : presented;
        VerifiedPep pep;
        try {
            pep = chains.get().verified(chain, now, revocations.epoch());
            if (signed) {
                pep.requireSigned(SignaturePurpose.PEP_REQUEST, PepSigning.signedBytes(request), PepSigning.signature(request));
            }
        } catch (ProtocolException e) {
            throw new Refusal(RefusalCode.ofCertificateFault(e.fault()), subject, e.fault() + ": " + e.detail());
        }
        if (revocations.keys().contains(pep.key().id().toString())) {
            throw new Refusal(RefusalCode.CERT_REVOKED, subject, "the key of " + pep.pep() + " is revoked in the domain's"
                    + " ledger (epoch " + revocations.epoch() + ")");
        }
        if (signed && !presented.isEmpty() && !Arrays.equals(presented.get(0), chain.get(0))) {
            throw new Refusal(RefusalCode.PEP_MISMATCH, subject, "the request is signed with another certificate than"
                    + " the one its TLS connection presented: one PEP per request");
        }
        if (!pep.pep().uri().equals(pepId)) {
            throw new Refusal(RefusalCode.PEP_MISMATCH, subject, "the request names PEP '" + pepId + "' but its"
                    + " certificate is " + pep.pep());
        }
    }
}
