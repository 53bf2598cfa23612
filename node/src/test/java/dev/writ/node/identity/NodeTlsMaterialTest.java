package dev.writ.node.identity;

import com.typesafe.config.ConfigFactory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.authority.ca.NodeTlsMaterial;
import dev.writ.protocol.crypto.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The CA writes node TLS files without the node on its classpath, so it names the node's engine provider as text. */
class NodeTlsMaterialTest {
    @TempDir
    Path dir;

    @Test
    void nodeTlsFilesSelectTheNodesReloadingEngineProvider() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.createRoot("acme", SigningKey.generate(), now.minusSeconds(60),
                Duration.ofDays(3650)).createIntermediate(SigningKey.generate(), now.minusSeconds(60), Duration.ofDays(365));
        NodeTlsMaterial.TlsFiles tls = NodeTlsMaterial.write(ca, "acme-1", dir, now, Duration.ofDays(1));
        assertThat(ConfigFactory.parseFile(tls.config().toFile()).getString("pekko.remote.artery.ssl.ssl-engine-provider"))
                .isEqualTo(ReloadingSslEngineProvider.class.getName());
    }
}
