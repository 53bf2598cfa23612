package dev.writ.fabric;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.writ.node.identity.CaDirectory;
import dev.writ.node.identity.CertificateAuthority;
import dev.writ.node.identity.NodeTlsMaterial;
import dev.writ.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Artery TLS with mutual authentication for a local fabric ({@link FabricOptions#mutualTls()}).
 * Each domain gets a fresh CA under {@code <dir>/<domain>/ca} ({@code writ ca init}) and every
 * node its certificate from its own domain's CA, PKCS12 stores and Pekko settings ({@code writ ca
 * node-tls}), handed to the node as config overrides. The trust is fabric-wide: every node's trust
 * store holds the root of every domain, so all nodes of all domains handshake with each other at
 * the Artery level. That is membership, not trust: a domain still verifies every envelope of
 * another against that domain's keys on chain (invariant 8).
 */
final class FabricTls {
    /** Node certificates of a local fabric live as long as a long drill. */
    private static final Duration NODE_CERTIFICATE_VALIDITY = Duration.ofDays(2);
    private static final String TRUST_PASSWORD = "pekko.remote.artery.ssl.config-ssl-engine.trust-store-password";

    private FabricTls() {
    }

    /** The TLS overrides of each node of {@code topology} (path to HOCON value text). */
    static Map<String, Map<String, String>> provision(Path dir, Topology topology) {
        Instant now = Instant.now();
        try {
            Map<String, CertificateAuthority> cas = new LinkedHashMap<>();
            for (String domain : topology.domains()) {
                cas.put(domain, CaDirectory.at(dir.resolve(domain).resolve("ca")).init(domain, now.minusSeconds(60),
                        Duration.ofDays(30), Duration.ofDays(7)));
            }
            Map<String, Map<String, String>> out = new HashMap<>();
            for (String id : topology.nodeIds()) {
                String domain = topology.domainOf(id);
                NodeTlsMaterial.TlsFiles files = NodeTlsMaterial.write(cas.get(domain), id, dir.resolve(domain),
                        now.minusSeconds(60), NODE_CERTIFICATE_VALIDITY);
                Config config = ConfigFactory.parseFile(files.config().toFile());
                trustOtherRoots(files.trustStore(), config.getString(TRUST_PASSWORD), domain, cas);
                Map<String, String> entries = new LinkedHashMap<>();
                config.entrySet().forEach(e -> entries.put(e.getKey(), e.getValue().render(ConfigRenderOptions.concise())));
                out.put(id, Map.copyOf(entries));
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fabric's TLS material under " + dir, e);
        } catch (ProtocolException e) {
            throw new IllegalStateException("the fabric's CA could not issue: " + e.getMessage(), e);
        }
    }

    /** Adds every other domain's root to a node's trust store, which holds its own domain's root. */
    private static void trustOtherRoots(Path trustStore, String password, String own, Map<String, CertificateAuthority> cas)
            throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(trustStore)) {
                trust.load(in, password.toCharArray());
            }
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (Map.Entry<String, CertificateAuthority> ca : cas.entrySet()) {
                if (ca.getKey().equals(own)) {
                    continue;
                }
                X509Certificate root = (X509Certificate) x509.generateCertificate(
                        new ByteArrayInputStream(CertificateAuthority.encoded(ca.getValue().root())));
                trust.setCertificateEntry("root-" + ca.getKey(), root);
            }
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, password.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot add the domains' roots to " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** The fabric-wide overrides with one node's TLS settings added. */
    static Map<String, String> withTls(Map<String, String> extra, Map<String, Map<String, String>> tls, String nodeId) {
        Map<String, String> merged = new LinkedHashMap<>(extra);
        merged.putAll(tls.getOrDefault(nodeId, Map.of()));
        return merged;
    }
}
