package dev.writ.node.identity;

import dev.writ.contracts.chain.RegisteredAgent;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.identity.AgentChainVerifier;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.identity.RevocationCheck;
import dev.writ.protocol.wire.AgentCertificateRequest;
import java.time.Instant;
import java.util.Arrays;

/**
 * What entitles a CSR to an agent certificate beyond its proof of possession (docs/decisions.md,
 * D42): the agent's SPIFFE id and model hash are public, so neither proves who asks. An
 * {@link Enrolment} proves it with the key the domain admin committed on chain at registration; a
 * {@link Renewal} with the agent's current certificate, verified when the request arrives.
 */
sealed interface Entitlement {
    /** The first certificate: the CSR's key must be the agent's committed enrolment key. */
    record Enrolment() implements Entitlement {
        @Override
        public void requireOnChain(AgentCsr.Request csr, RegisteredAgent registered) throws Refusal {
            if (!Arrays.equals(registered.enrolmentKey().bytes(), csr.key().id().bytes())) {
                throw new Refusal(RefusalCode.ENROLMENT_KEY_MISMATCH, csr.agent().uri(), "the CSR's key " + csr.key().id()
                        + " is not the enrolment key committed on chain for " + csr.agent() + "; an agent that holds a"
                        + " certificate renews with it (current_certificates, renewal_signature)");
            }
        }
    }

    /** The next certificate, for the holder of a valid certificate of the same agent (checked in {@link #of}). */
    record Renewal() implements Entitlement {
        @Override
        public void requireOnChain(AgentCsr.Request csr, RegisteredAgent registered) {
            // the current certificate proved the requester; the chain's status and model are checked for both
        }
    }

    /** What else the agent's on-chain record must show for this entitlement. */
    void requireOnChain(AgentCsr.Request csr, RegisteredAgent registered) throws Refusal;

    /**
     * The entitlement {@code request} claims, a renewal verified now: its current chain holds (root,
     * validity, key usage, both the ledger's revocations), is for the CSR's agent, and its key signed
     * the CSR. Refused under the CERT_* code of the first thing that does not hold.
     */
    static Entitlement of(AgentCertificateRequest request, byte[] csrDer, AgentCsr.Request csr,
                          AgentChainVerifier verifier, Instant now, RevocationCheck revocations) throws Refusal {
        if (!CertificateRequests.isRenewal(request)) {
            return new Enrolment();
        }
        try {
            CertificateRequests.verifyRenewal(request, csrDer, csr, verifier, now, revocations);
            return new Renewal();
        } catch (ProtocolException e) {
            throw new Refusal(RefusalCode.ofCertificateFault(e.fault()), csr.agent().uri(),
                    "renewal: " + e.fault() + ": " + e.detail());
        }
    }
}
