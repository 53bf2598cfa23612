package dev.writ.node.identity;

import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.RegisteredAgent;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.health.HealthState;
import dev.writ.node.refusal.Failures;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.revocation.RevocationState;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.RevocationCheck;
import dev.writ.protocol.wire.AgentCertificateRequest;
import dev.writ.protocol.wire.AgentCertificateResponse;
import dev.writ.protocol.wire.EvidenceKind;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * {@code POST /v1/agents/certificates}: a short-lived agent certificate from the node's
 * intermediate CA, for a CSR whose signature proves possession of the key, for an agent that the
 * on-chain AgentRegistry shows ACTIVE in this domain with the model hash the CSR names, and that
 * the domain's ledger has not revoked; and only for the agent itself ({@link Entitlement}): the
 * first certificate for the enrolment key its domain admin committed on chain, every later one
 * for a request signed with its current, valid certificate. The certificate is answered only once
 * its CERTIFICATE evidence record is durable.
 *
 * <p>Without a configured registry the node cannot check registration and refuses
 * (IDENTITY_UNAVAILABLE): the operator's offline path is {@code writ ca issue}.
 */
public final class CertificateIssuance {
    private final NodeSettings settings;
    private final Clock clock;
    private final HealthState health;
    private final RevocationState revocationState;
    private final EvidenceLog evidence;
    private final NodeIdentity identity;

    public CertificateIssuance(NodeSettings settings, Clock clock, HealthState health, RevocationState revocations,
                               EvidenceLog evidence, NodeIdentity identity) {
        this.settings = settings;
        this.clock = clock;
        this.health = health;
        this.revocationState = revocations;
        this.evidence = evidence;
        this.identity = identity;
    }

    public CompletionStage<AgentCertificateResponse> issue(AgentCertificateRequest request) {
        AgentCsr.Request csr;
        Entitlement entitlement;
        try {
            health.requireServing("");
            byte[] csrDer;
            try {
                csrDer = Pem.decodeOne(request.getCsr(), Pem.CERTIFICATE_REQUEST, AgentCsr.MAX_PEM_CHARS);
                csr = AgentCsr.verify(csrDer);
            } catch (ProtocolException e) {
                throw new Refusal(RefusalCode.ofCertificateFault(e.fault()), "", e.fault() + ": " + e.detail());
            }
            String agent = csr.agent().uri();
            if (identity.ca().isEmpty() || identity.registry().isEmpty()) {
                throw new Refusal(RefusalCode.IDENTITY_UNAVAILABLE, agent, "this node issues agent certificates only with"
                        + " writ.identity.ca-dir and writ.identity.agent-registry configured; use `writ ca issue` offline");
            }
            if (!csr.agent().domain().equals(settings.domain())) {
                throw new Refusal(RefusalCode.CERT_WRONG_DOMAIN, agent, "this node certifies agents of " + settings.domain());
            }
            RevocationCheck ledger = AgentAuthentication.ledger(revocationState.requireFresh(agent));
            var revoked = ledger.revocationOf(null, csr.agent(), csr.key().id());
            if (revoked.isPresent()) {
                throw new Refusal(RefusalCode.CERT_REVOKED, agent, revoked.get());
            }
            entitlement = Entitlement.of(request, csrDer, csr, identity.verifier().orElseThrow(), clock.instant(), ledger);
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        }
        return identity.registry().get().registered(csr.agent().uri())
                .thenCompose(registered -> {
                    try {
                        requireActiveHere(csr, registered);
                        entitlement.requireOnChain(csr, registered);
                        return certify(csr);
                    } catch (Refusal r) {
                        return CompletableFuture.failedFuture(r);
                    }
                });
    }

    private void requireActiveHere(AgentCsr.Request csr, RegisteredAgent registered) throws Refusal {
        String agent = csr.agent().uri();
        switch (registered.status()) {
            case UNKNOWN -> throw new Refusal(RefusalCode.AGENT_NOT_REGISTERED, agent,
                    "agent " + agent + " is not registered in the on-chain AgentRegistry");
            case REVOKED -> throw new Refusal(RefusalCode.CERT_REVOKED, agent,
                    "agent " + agent + " is revoked in the on-chain AgentRegistry");
            case ACTIVE -> {
                if (!registered.domain().equals(Bytes32.keccakOf(settings.domain()))) {
                    throw new Refusal(RefusalCode.CERT_WRONG_DOMAIN, agent, "agent " + agent
                            + " is registered on chain under another domain than " + settings.domain());
                }
                if (!Arrays.equals(registered.modelHash().bytes(), csr.modelHash())) {
                    throw new Refusal(RefusalCode.CERT_MODEL_MISMATCH, agent, "the CSR names another model hash than"
                            + " the one registered on chain for " + agent);
                }
            }
        }
    }

    private CompletionStage<AgentCertificateResponse> certify(AgentCsr.Request csr) throws Refusal {
        String agent = csr.agent().uri();
        CertificateAuthority ca = identity.ca().get();
        X509CertificateHolder leaf;
        try {
            leaf = ca.issueAgent(csr, clock.instant(), identity.settings().agentCertificateValidity());
        } catch (ProtocolException e) {
            throw new Refusal(RefusalCode.ofCertificateFault(e.fault()), agent, e.fault() + ": " + e.detail());
        }
        String serial = leaf.getSerialNumber().toString(16);
        StringBuilder chain = new StringBuilder();
        for (byte[] der : ca.presentedChain(leaf)) {
            chain.append(Pem.encode(Pem.CERTIFICATE, der));
        }
        AgentCertificateResponse response = AgentCertificateResponse.newBuilder()
                .setAgentId(agent)
                .setSerial(serial)
                .setNotAfterMillis(leaf.getNotAfter().getTime())
                .setChain(chain.toString())
                .build();
        return evidence.append(OcspResponder.story(leaf.getSerialNumber()), List.of(new EvidenceLog.Entry(EvidenceKind.CERTIFICATE, agent,
                        CertificateAuthority.encoded(leaf))))
                .handle((records, failure) -> {
                    if (failure != null) {
                        // Invariant 3: an issuance without its evidence is not given out.
                        throw new CompletionException(new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE, agent,
                                "the certificate could not be recorded, so it was not given: "
                                        + Failures.root(failure).getMessage()));
                    }
                    return response;
                });
    }
}
