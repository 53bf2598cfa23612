package dev.writ.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.node.NodeMain;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthState;
import dev.writ.node.revocation.RevocationState;
import dev.writ.protocol.identity.OcspAnswers;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The responder's bound on what one request may ask, checked before any certificate is looked up. */
class OcspResponderTest {
    @TempDir
    Path dir;

    @Test
    void aRequestNamingMoreCertificatesThanTheCapIsMalformedAndReadsNothing() throws Exception {
        CertificateAuthority ca = CaDirectory.at(dir.resolve("ca")).init("acme", Instant.now().minusSeconds(60),
                Duration.ofDays(3650), Duration.ofDays(365));
        NodeSettings settings = NodeSettings.from(NodeMain.compose(ConfigFactory.parseString("""
                writ.identity { agent-certificates = optional, operator-credentials = optional, pep-credentials = optional,
                                ocsp-max-certificates = 16, ca-dir = "%s" }
                """.formatted(dir.resolve("ca").toString().replace("\\", "\\\\")))));
        AtomicInteger lookups = new AtomicInteger();
        // every issuance lookup (a database read) goes through the reads dispatcher: count, never run
        Executor reads = task -> lookups.incrementAndGet();
        NodeIdentity identity = NodeIdentity.open(settings.identity(), Runnable::run);
        HealthState health = new HealthState("test-node", Duration.ofSeconds(5));
        health.set(HealthReport.of(List.of(), List.of("test-node"), System.currentTimeMillis()));
        // a view the ledger has just confirmed: its clock stands at the moment of confirmation
        RevocationState fresh = new RevocationState("test-node", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                Duration.ofSeconds(10));
        // no store: the one way to the database is a task on the reads dispatcher
        OcspResponder responder = new OcspResponder(settings, Clock.systemUTC(), health, fresh, null, reads, identity);

        OCSPResp refused = new OCSPResp(responder.respond(request(ca, 17)).toCompletableFuture().get(10, TimeUnit.SECONDS));

        assertThat(refused.getStatus()).isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
        assertThat(lookups).as("no certificate was looked up").hasValue(0);
        responder.respond(request(ca, 16));
        assertThat(lookups).as("at the cap, the certificates are looked up, in one task").hasValue(1);
    }

    /** An OCSP request for {@code n} certificates of this CA, as a relying party would build it. */
    private static byte[] request(CertificateAuthority ca, int n) throws Exception {
        OCSPReqBuilder builder = new OCSPReqBuilder();
        for (int i = 1; i <= n; i++) {
            builder.addRequest(OcspAnswers.certificateId(ca.certificate(), BigInteger.valueOf(1000 + i)));
        }
        return builder.build().getEncoded();
    }
}
