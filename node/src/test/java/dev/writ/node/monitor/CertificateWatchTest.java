package dev.writ.node.monitor;

import com.typesafe.config.ConfigFactory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.authority.ca.NodeTlsMaterial;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import dev.writ.protocol.crypto.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateWatchTest {
    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path dir;

    private static HealthStatus status(Instant notBefore, Instant notAfter, Instant now) {
        return CertificateWatch.judge(new CertificateWatch.Watched("intermediate CA", notBefore, notAfter), now, WEEK).status();
    }

    @Test
    void aLongLivedCaWarnsAWeekBeforeItEndsAndFailsOutsideItsWindow() {
        Instant end = T0.plus(Duration.ofDays(730));
        assertThat(status(T0, end, T0.plus(Duration.ofDays(100)))).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status(T0, end, end.minus(Duration.ofDays(6)))).isEqualTo(HealthStatus.DEGRADED);
        assertThat(status(T0, end, end)).isEqualTo(HealthStatus.FAILED);
        assertThat(status(T0, end, T0.minusSeconds(1))).isEqualTo(HealthStatus.FAILED);
    }

    @Test
    void aShortLivedCertificateWarnsInTheLastThirdOfItsLife() {
        Instant end = T0.plus(Duration.ofDays(2));
        assertThat(status(T0, end, T0.plus(Duration.ofHours(30)))).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status(T0, end, T0.plus(Duration.ofHours(33)))).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void aRotatedOrBrokenTlsKeyStoreIsJudgedAtTheNextCheck() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.createRoot("acme", SigningKey.generate(), now.minusSeconds(60),
                Duration.ofDays(3650)).createIntermediate(SigningKey.generate(), now.minusSeconds(60), Duration.ofDays(365));
        NodeTlsMaterial.TlsFiles tls = NodeTlsMaterial.write(ca, "acme-1", dir, now.minusSeconds(60), Duration.ofDays(2));
        var config = ConfigFactory.parseFile(tls.config().toFile()).withFallback(ConfigFactory.parseMap(Map.of(
                "writ.identity.certificate-expiry-warning", "7d"))).withFallback(ConfigFactory.defaultReference()).resolve();
        CertificateWatch watch = CertificateWatch.of(ca.chain(), config);
        assertThat(watch.findings(now)).hasSize(3).allSatisfy(f -> assertThat(f.status()).isEqualTo(HealthStatus.HEALTHY));
        assertThat(watch.findings(now)).as("the unchanged store, judged from its last reading")
                .hasSize(3).allSatisfy(f -> assertThat(f.status()).isEqualTo(HealthStatus.HEALTHY));

        NodeTlsMaterial.write(ca, "acme-1", dir, now.minus(Duration.ofDays(3)), Duration.ofDays(1)); // rotated to an expired one
        assertThat(watch.findings(now)).filteredOn(f -> f.status() == HealthStatus.FAILED).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("node TLS certificate expired"));

        java.nio.file.Files.write(tls.keyStore(), new byte[] {1, 2, 3}); // unreadable now
        assertThat(watch.findings(now)).filteredOn(f -> f.status() == HealthStatus.FAILED).singleElement()
                .satisfies(f -> {
                    // what anyone may read says what is wrong; where the store is stays in the node's log
                    assertThat(f.detail()).isEqualTo("the node's TLS key store cannot be read")
                            .doesNotContain(dir.toString());
                    assertThat(f.cause()).contains(tls.keyStore().toString());
                    assertThat(HealthReport.of(List.of(f), List.of(), 0).failedBecause())
                            .doesNotContain(dir.toString());
                });
    }
}
