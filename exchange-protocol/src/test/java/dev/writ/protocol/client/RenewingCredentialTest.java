package dev.writ.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.identity.X509Signing;
import dev.writ.protocol.wire.AgentCertificateRequest;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.junit.jupiter.api.Test;

class RenewingCredentialTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final SpiffeId AGENT = new SpiffeId("acme", "payments-bot");
    private static final byte[] MODEL = new byte[32];

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final SigningKey caKey = SigningKey.generate();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile boolean failing;
    /** When set, issuance waits on it: a node slow to answer the CSR. */
    private volatile CountDownLatch slowIssuer;
    /** Counted down when an issuance begins. */
    private final CountDownLatch issuing = new CountDownLatch(2);

    private final SigningKey enrolmentKey = SigningKey.generate();
    private final List<AgentCertificateRequest> requests = new CopyOnWriteArrayList<>();

    /** Issues a 24 h certificate from the clock's now, as a node would (the CSR's proof of possession is checked). */
    private String issue(AgentCertificateRequest sent) throws WritClientException {
        String csrPem = sent.getCsr();
        if (failing) {
            throw new WritClientException("the node is unreachable");
        }
        issuing.countDown();
        CountDownLatch gate = slowIssuer;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WritClientException("interrupted");
            }
        }
        try {
            AgentCsr.Request request = AgentCsr.verifyPem(csrPem);
            requests.add(sent);
            var cert = new X509v3CertificateBuilder(new X500Name("CN=acme intermediate"), BigInteger.valueOf(issued.incrementAndGet()),
                    Date.from(clock.now), Date.from(clock.now.plus(Duration.ofHours(24))), new X500Name("CN=" + request.agent().uri()),
                    X509Signing.publicKeyInfo(request.key())).build(X509Signing.signer(caKey));
            return Pem.encode(Pem.CERTIFICATE, cert.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCredentialIsRenewedWithANewKeyAfterTwoThirdsOfItsLife() throws Exception {
        RenewingCredential credential = RenewingCredential.start(AGENT, MODEL, enrolmentKey, this::issue, clock);
        AgentCredential first = credential.get();
        assertThat(first.key()).as("the first certificate is for the enrolment key").isSameAs(enrolmentKey);
        assertThat(CertificateRequests.isRenewal(requests.get(0))).isFalse();
        assertThat(credential.renewAt()).isEqualTo(T0.plus(Duration.ofHours(16)));

        clock.now = T0.plus(Duration.ofHours(15));
        assertThat(credential.get()).isSameAs(first);
        assertThat(issued).hasValue(1);

        clock.now = T0.plus(Duration.ofHours(16));
        AgentCredential second = credential.get();
        assertThat(second).isNotSameAs(first);
        assertThat(second.key().verifyingKey().id()).isNotEqualTo(first.key().verifyingKey().id());
        assertThat(issued).hasValue(2);
        assertThat(credential.renewAt()).isEqualTo(clock.now.plus(Duration.ofHours(16)));
        AgentCertificateRequest renewal = requests.get(1);
        assertThat(renewal.getCurrentCertificates(0).toByteArray()).as("proven by the current certificate")
                .isEqualTo(first.chain().get(0));
        first.key().verifyingKey().verify(SignaturePurpose.CERTIFICATE_RENEWAL,
                Pem.decodeOne(renewal.getCsr(), Pem.CERTIFICATE_REQUEST, AgentCsr.MAX_PEM_CHARS),
                renewal.getRenewalSignature().toByteArray());
    }

    @Test
    void aFailedRenewalKeepsTheCurrentCredentialAndIsTriedAgainLater() throws Exception {
        RenewingCredential credential = RenewingCredential.start(AGENT, MODEL, enrolmentKey, this::issue, clock);
        AgentCredential first = credential.get();
        failing = true;
        clock.now = T0.plus(Duration.ofHours(17));
        assertThat(credential.get()).isSameAs(first);
        assertThat(credential.lastFailure()).contains("unreachable");

        failing = false;
        clock.now = clock.now.plusSeconds(10);
        assertThat(credential.get()).as("not before the retry pause").isSameAs(first);
        clock.now = clock.now.plus(RenewingCredential.RETRY_AFTER);
        assertThat(credential.get()).isNotSameAs(first);
        assertThat(credential.lastFailure()).isEmpty();
    }

    @Test
    void eachProposalIsSignedWithTheCertificateCurrentWhenItIsSent() throws Exception {
        RenewingCredential credential = RenewingCredential.start(AGENT, MODEL, enrolmentKey, this::issue, clock);
        var proposal = dev.writ.protocol.wire.ActionProposal.newBuilder().setProposalId("p-1").setAgentId(AGENT.uri()).build();
        var before = credential.get().sign(proposal);
        clock.now = T0.plus(Duration.ofHours(20));
        var after = credential.get().sign(proposal);
        assertThat(after.getAgentCertificates(0)).isNotEqualTo(before.getAgentCertificates(0));
        assertThat(after.getAgentSignature()).isNotEqualTo(before.getAgentSignature());
    }

    @Test
    void whileOneThreadRenewsOthersSignWithTheCurrentCertificateWithoutWaiting() throws Exception {
        RenewingCredential credential = RenewingCredential.start(AGENT, MODEL, enrolmentKey, this::issue, clock);
        AgentCredential first = credential.get();
        slowIssuer = new CountDownLatch(1);
        clock.now = T0.plus(Duration.ofHours(17));
        CompletableFuture<AgentCredential> renewer = CompletableFuture.supplyAsync(credential::get);
        assertThat(issuing.await(5, TimeUnit.SECONDS)).as("the renewal's CSR is with the node").isTrue();
        assertThat(CompletableFuture.supplyAsync(credential::get).get(2, TimeUnit.SECONDS))
                .as("a proposal during the renewal goes out at once with the current certificate").isSameAs(first);
        assertThat(renewer).isNotDone();

        slowIssuer.countDown();
        AgentCredential second = renewer.get(5, TimeUnit.SECONDS);
        assertThat(second).isNotSameAs(first);
        assertThat(credential.get()).isSameAs(second);
        assertThat(issued).hasValue(2);
    }
}
