package dev.writ.protocol.client;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.AgentCertificateRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * An agent credential that renews itself before its certificate ends. It starts from the agent's
 * enrolment key, the one its domain admin committed on chain: the first certificate is for that key
 * ({@link CertificateRequests#enrolment}). Once two thirds of the certificate's life have passed, the
 * next proposal's thread makes a new key (it never leaves this process), sends a CSR for it signed
 * with the current certificate's key ({@link CertificateRequests#renewal}) and from then on signs with
 * the new certificate. Only that thread waits for the node's answer: proposals on other threads
 * meanwhile go out with the current certificate, which still has a third of its life, and proposals
 * already sent are untouched. A renewal that fails keeps the current credential and is tried again
 * after {@link #RETRY_AFTER}; once the certificate has expired, proposals go out with it and the node
 * refuses them (CERT_EXPIRED), which says plainly what is wrong, and so it refuses a renewal: the
 * agent then starts again from its enrolment key ({@link #start}).
 */
public final class RenewingCredential implements Supplier<AgentCredential> {
    /** Pause between failed renewal attempts. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final int MAX_CHAIN_PEM = 64 * 1024;

    /** What issues certificates: usually a node, {@code request -> client.requestCertificate(request).getChain()}. */
    @FunctionalInterface
    public interface Issuer {
        /** The chain (PEM) certifying the request's CSR. */
        String issue(AgentCertificateRequest request) throws WritRefusedException, WritClientException;
    }

    private final SpiffeId agent;
    private final byte[] modelHash;
    private final Issuer issuer;
    private final Clock clock;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile AgentCredential current;
    private volatile Instant renewAt;
    private volatile Instant nextAttempt = Instant.MIN;
    private volatile String lastFailure = "";

    private RenewingCredential(SpiffeId agent, byte[] modelHash, Issuer issuer, Clock clock) {
        this.agent = Objects.requireNonNull(agent, "agent");
        this.modelHash = modelHash.clone();
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Gets the agent's first certificate now, for its {@code enrolmentKey} (the key committed on chain). */
    public static RenewingCredential start(SpiffeId agent, byte[] modelHash, SigningKey enrolmentKey, Issuer issuer,
                                           Clock clock) throws WritRefusedException, WritClientException, ProtocolException {
        RenewingCredential c = new RenewingCredential(agent, modelHash, issuer, clock);
        String csr = AgentCsr.createPem(enrolmentKey, agent, modelHash);
        c.install(c.certified(enrolmentKey, CertificateRequests.enrolment(csr)));
        return c;
    }

    /**
     * The credential to sign the next proposal with: renewed first when it is due and no other thread
     * is renewing it; while one is, the current credential.
     */
    @Override
    public AgentCredential get() {
        Instant now = clock.instant();
        if (!now.isBefore(renewAt) && !now.isBefore(nextAttempt) && renewing.compareAndSet(false, true)) {
            try {
                install(renewed());
            } catch (WritRefusedException | WritClientException | ProtocolException | RuntimeException e) {
                lastFailure = e.getMessage();
                nextAttempt = now.plus(RETRY_AFTER);
            } finally {
                renewing.set(false);
            }
        }
        return current;
    }

    /** When the current certificate is renewed; for operators and tests. */
    public Instant renewAt() {
        return renewAt;
    }

    /** Why the last renewal failed, or "" when none did since the last success. */
    public String lastFailure() {
        return lastFailure;
    }

    private AgentCredential renewed() throws WritRefusedException, WritClientException, ProtocolException {
        SigningKey key = SigningKey.generate();
        AgentCredential proof = current;
        return certified(key, CertificateRequests.renewal(AgentCsr.createPem(key, agent, modelHash), proof.key(), proof.chain()));
    }

    private AgentCredential certified(SigningKey key, AgentCertificateRequest request)
            throws WritRefusedException, WritClientException, ProtocolException {
        return new AgentCredential(key, Pem.decodeAll(issuer.issue(request), Pem.CERTIFICATE, MAX_CHAIN_PEM));
    }

    private void install(AgentCredential credential) throws ProtocolException {
        X509CertificateHolder cert;
        try {
            cert = new X509CertificateHolder(credential.chain().get(0));
        } catch (IOException e) {
            throw new ProtocolException(dev.writ.protocol.Fault.CERT_MALFORMED, "the issued certificate is not DER");
        }
        Instant from = cert.getNotBefore().toInstant();
        Instant until = cert.getNotAfter().toInstant();
        renewAt = from.plus(Duration.between(from, until).multipliedBy(2).dividedBy(3));
        current = credential;
        lastFailure = "";
        nextAttempt = Instant.MIN;
    }
}
