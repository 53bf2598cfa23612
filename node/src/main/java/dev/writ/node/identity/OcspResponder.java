package dev.writ.node.identity;

import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.contracts.chain.RegisteredAgent;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.health.HealthState;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.node.revocation.RevocationState;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.OcspAnswers;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.identity.X509Signing;
import dev.writ.protocol.wire.EvidenceKind;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;

/**
 * The domain's OCSP responder ({@code GET/POST /v1/ocsp}, RFC 6960), signed by the intermediate CA
 * that issued the certificates. A certificate is known when the node issued it (its CERTIFICATE
 * evidence record, story {@code certificate/<serial>}); it is REVOKED when the domain's revocation
 * ledger revokes its agent or its key, or the on-chain AgentRegistry shows the agent revoked.
 * Certificates issued offline (`writ ca issue`) are "unknown" here: relying parties must treat that
 * as not good. The revocation time given is when this answer was produced (the ledger keeps the
 * fact, not a certificate-level time). Fails closed: stale revocation state answers TRY_LATER.
 */
public final class OcspResponder {
    private final NodeSettings settings;
    private final Clock clock;
    private final HealthState health;
    private final RevocationState revocationState;
    private final EvidenceStore store;
    private final Executor reads;
    private final NodeIdentity identity;
    private final int maxCertificates;

    /** {@code reads}: the bounded dispatcher of request-driven reads, where the issuance lookups run. */
    public OcspResponder(NodeSettings settings, Clock clock, HealthState health, RevocationState revocations,
                         EvidenceStore store, Executor reads, NodeIdentity identity) {
        this.settings = settings;
        this.clock = clock;
        this.health = health;
        this.revocationState = revocations;
        this.store = store;
        this.reads = reads;
        this.identity = identity;
        this.maxCertificates = settings.identity().ocspMaxCertificates();
    }

    public static String story(BigInteger serial) {
        return "certificate/" + serial.toString(16);
    }

    /**
     * A DER OCSPResponse for a DER OCSPRequest; protocol errors are OCSP statuses, never exceptions.
     * The one exception: when the reads dispatcher is full the stage fails with a
     * {@link RejectedExecutionException} at once, and the HTTP edge answers 503 with tryLater.
     */
    public CompletionStage<byte[]> respond(byte[] requestDer) {
        OCSPReq request;
        try {
            request = new OCSPReq(requestDer);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(status(OCSPRespBuilder.MALFORMED_REQUEST));
        }
        Req[] asked = request.getRequestList();
        if (asked.length > maxCertificates) {
            // Each certificate asked about is a database read: one 64 KiB request names about a
            // thousand. Refused before anything is read (RFC 6960 2.3: the request is not one we serve).
            return CompletableFuture.completedFuture(status(OCSPRespBuilder.MALFORMED_REQUEST));
        }
        if (identity.ca().isEmpty()) {
            return CompletableFuture.completedFuture(status(OCSPRespBuilder.UNAUTHORIZED));
        }
        RevocationSnapshot revocations;
        try {
            health.requireServing("");
            revocations = revocationState.requireFresh("");
        } catch (Refusal r) {
            return CompletableFuture.completedFuture(status(OCSPRespBuilder.TRY_LATER));
        }
        CertificateAuthority ca = identity.ca().get();
        CompletableFuture<List<Optional<X509CertificateHolder>>> certificates;
        try {
            // one task per request on the bounded reads dispatcher, however many certificates it names
            certificates = CompletableFuture.supplyAsync(() -> issuedAll(asked, ca), reads);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(full);
        }
        return certificates.thenCompose(issued -> {
            List<CompletableFuture<CertificateStatus>> statuses = new ArrayList<>();
            for (Optional<X509CertificateHolder> cert : issued) {
                statuses.add(statusOf(cert, revocations));
            }
            return CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new))
                    .thenApply(done -> signed(request, asked, statuses.stream().map(CompletableFuture::join).toList(), ca));
        }).exceptionally(failure -> status(OCSPRespBuilder.TRY_LATER));
    }

    /** The certificates asked about that this domain's nodes issued, in the request's order; empty for the others. */
    private List<Optional<X509CertificateHolder>> issuedAll(Req[] asked, CertificateAuthority ca) {
        List<Optional<X509CertificateHolder>> issued = new ArrayList<>(asked.length);
        for (Req req : asked) {
            CertificateID id = req.getCertID();
            issued.add(OcspAnswers.certificateId(ca.certificate(), id.getSerialNumber()).equals(id)
                    ? issued(id.getSerialNumber()) : Optional.empty());
        }
        return issued;
    }

    private CompletableFuture<CertificateStatus> statusOf(Optional<X509CertificateHolder> cert,
                                                          RevocationSnapshot revocations) {
        if (cert.isEmpty()) {
            return CompletableFuture.completedFuture(new UnknownStatus());
        }
        SpiffeId agent;
        String keyId;
        try {
            agent = SpiffeId.parse(IdentityExtensions.singleUri(cert.get().getExtensions()));
            keyId = X509Signing.keyOf(cert.get().getSubjectPublicKeyInfo()).id().toString();
        } catch (ProtocolException e) {
            return CompletableFuture.completedFuture(new UnknownStatus());
        }
        if (revocations.agents().contains(agent.uri()) || revocations.keys().contains(keyId)) {
            return CompletableFuture.completedFuture(revoked());
        }
        if (identity.registry().isEmpty()) {
            return CompletableFuture.completedFuture(CertificateStatus.GOOD);
        }
        return identity.registry().get().statusOf(agent.uri()).toCompletableFuture()
                .thenApply(status -> status == RegisteredAgent.Status.ACTIVE ? CertificateStatus.GOOD : revoked());
    }

    private Optional<X509CertificateHolder> issued(BigInteger serial) {
        for (StoredRecord record : store.story(settings.domain(), story(serial))) {
            if (record.kind() == EvidenceKind.CERTIFICATE) {
                try {
                    return Optional.of(new X509CertificateHolder(record.payload()));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private CertificateStatus revoked() {
        return new RevokedStatus(Date.from(clock.instant()), CRLReason.unspecified);
    }

    private byte[] signed(OCSPReq request, Req[] asked, List<CertificateStatus> statuses, CertificateAuthority ca) {
        Instant now = clock.instant();
        Date thisUpdate = Date.from(now);
        Date nextUpdate = Date.from(now.plus(revocationState.bound()));
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(new RespID(ca.certificate().getSubject()));
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        for (int i = 0; i < asked.length; i++) {
            builder.addResponse(asked[i].getCertID(), statuses.get(i), thisUpdate, nextUpdate);
        }
        try {
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, builder.build(X509Signing.signer(ca.key()),
                    new X509CertificateHolder[] {ca.certificate()}, thisUpdate)).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("an OCSP answer of ours cannot be built", e);
        }
    }

    /** The answer to a request that could not even be read. */
    public static byte[] malformed() {
        return status(OCSPRespBuilder.MALFORMED_REQUEST);
    }

    /** The answer of a responder that cannot answer now (overloaded), in OCSP's terms. */
    public static byte[] tryLater() {
        return status(OCSPRespBuilder.TRY_LATER);
    }

    private static byte[] status(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("an OCSP status answer cannot be built", e);
        }
    }
}
