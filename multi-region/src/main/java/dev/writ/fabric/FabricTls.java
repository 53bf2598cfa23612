package dev.writ.fabric;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.authority.ca.NodeTlsMaterial;
import dev.writ.authority.ca.TrustedRoots;
import dev.writ.protocol.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Artery TLS with mutual authentication for a local fabric ({@link FabricOptions#mutualTls()}).
 * Every node gets its certificate from its own domain's CA ({@link FabricIdentity}), PKCS12
 * stores and Pekko settings under {@code <dir>/<domain>} ({@code writ ca node-tls}), handed to the
 * node as config overrides. The trust is fabric-wide: every node's trust store holds the root of
 * every domain, including those of a fabric this one joins ({@link PartnerDomain}), so all nodes
 * of all domains handshake with each other at the Artery level. That is membership, not trust: a domain still verifies every envelope of
 * another against that domain's keys on chain (invariant 8).
 */
final class FabricTls {
    /** Node certificates of a local fabric live as long as a long drill. */
    private static final Duration NODE_CERTIFICATE_VALIDITY = Duration.ofDays(2);
    private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine.";
    private static final String TRUST_PASSWORD = ENGINE + "trust-store-password";
    private static final String TRUST_STORE = ENGINE + "trust-store";

    private FabricTls() {
    }

    /**
     * Without mutual TLS: each node of {@code topology} says it runs plain Artery TCP knowingly
     * (writ.cluster.mutual-tls = optional), which a node with seed nodes otherwise refuses.
     */
    static Map<String, Map<String, String>> plain(Topology topology) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String id : topology.nodeIds()) {
            out.put(id, Map.of("writ.cluster.mutual-tls", "optional"));
        }
        return out;
    }

    /**
     * The TLS overrides of each node of {@code topology} (path to HOCON value text): each node's
     * certificate from its domain's CA in {@code cas}, and a trust store holding every domain's
     * root plus {@code otherRoots} (the DER roots of domains of other fabrics this one joins).
     */
    static Map<String, Map<String, String>> provision(Path dir, Topology topology, Map<String, CertificateAuthority> cas,
                                                      List<byte[]> otherRoots) {
        Instant now = Instant.now();
        try {
            List<byte[]> roots = new ArrayList<>(otherRoots);
            for (String domain : topology.domains()) {
                roots.add(CertificateAuthority.encoded(cas.get(domain).root()));
            }
            Map<String, Map<String, String>> out = new HashMap<>();
            for (String id : topology.nodeIds()) {
                String domain = topology.domainOf(id);
                NodeTlsMaterial.TlsFiles files = NodeTlsMaterial.write(cas.get(domain), id, dir.resolve(domain),
                        now.minusSeconds(60), NODE_CERTIFICATE_VALIDITY);
                Config config = ConfigFactory.parseFile(files.config().toFile());
                TrustedRoots.addAll(files.trustStore(), config.getString(TRUST_PASSWORD), roots);
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

    /**
     * Adds {@code roots} (DER) to the trust store of a running node, from its settings
     * ({@code tls}, path to HOCON value text): the node's TLS engine reloads a changed store
     * before its next connection.
     */
    static void trust(Map<String, String> tls, List<byte[]> roots) {
        StringBuilder text = new StringBuilder();
        tls.forEach((path, value) -> {
            if (path.startsWith(ENGINE)) {
                text.append(path).append(" = ").append(value).append('\n');
            }
        });
        Config config = ConfigFactory.parseString(text.toString());
        Path store = Path.of(config.getString(TRUST_STORE));
        try {
            TrustedRoots.addAll(store, config.getString(TRUST_PASSWORD), roots);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add roots to the trust store " + store, e);
        }
    }
}
