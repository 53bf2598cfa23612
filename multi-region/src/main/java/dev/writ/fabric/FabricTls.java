package dev.writ.fabric;

import com.typesafe.config.ConfigFactory;
import dev.writ.node.identity.CaDirectory;
import dev.writ.node.identity.NodeTlsMaterial;
import dev.writ.protocol.ProtocolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Artery TLS with mutual authentication for a local fabric ({@link FabricOptions#mutualTls()}): a
 * fresh domain CA under the work directory ({@code writ ca init}), and for every node its
 * certificate, PKCS12 stores and Pekko settings ({@code writ ca node-tls}), handed to the node as
 * config overrides.
 */
final class FabricTls {
    /** Node certificates of a local fabric live as long as a long drill. */
    private static final Duration NODE_CERTIFICATE_VALIDITY = Duration.ofDays(2);

    private FabricTls() {
    }

    /** The TLS overrides of each node (path to HOCON value text). */
    static Map<String, Map<String, String>> provision(Path dir, String domain, List<String> nodeIds) {
        Instant now = Instant.now();
        try {
            var ca = CaDirectory.at(dir.resolve("ca")).init(domain, now.minusSeconds(60), Duration.ofDays(30),
                    Duration.ofDays(7));
            Map<String, Map<String, String>> out = new HashMap<>();
            for (String id : nodeIds) {
                NodeTlsMaterial.TlsFiles files = NodeTlsMaterial.write(ca, id, dir, now.minusSeconds(60),
                        NODE_CERTIFICATE_VALIDITY);
                Map<String, String> entries = new LinkedHashMap<>();
                ConfigFactory.parseFile(files.config().toFile()).entrySet()
                        .forEach(e -> entries.put(e.getKey(), e.getValue().render(com.typesafe.config.ConfigRenderOptions.concise())));
                out.put(id, Map.copyOf(entries));
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fabric's TLS material under " + dir, e);
        } catch (ProtocolException e) {
            throw new IllegalStateException("the fabric's CA could not issue: " + e.getMessage(), e);
        }
    }

    /** The fabric-wide overrides with one node's TLS settings added. */
    static Map<String, String> withTls(Map<String, String> extra, Map<String, Map<String, String>> tls, String nodeId) {
        Map<String, String> merged = new LinkedHashMap<>(extra);
        merged.putAll(tls.getOrDefault(nodeId, Map.of()));
        return merged;
    }
}
