package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FabricTlsTest {
    @TempDir
    Path dir;

    @Test
    void eachDomainHasItsOwnCaAndEveryNodeTrustsTheRootsOfAllDomains() throws Exception {
        Topology topology = Topology.of(new DomainNodes("acme", 2), new DomainNodes("globex", 1));

        Map<String, Map<String, String>> tls = FabricTls.provision(dir, topology);

        assertThat(tls.keySet()).containsExactlyInAnyOrder("acme-1", "acme-2", "globex-1");
        for (String id : topology.nodeIds()) {
            var c = ConfigFactory.parseString(String.join("\n",
                    tls.get(id).entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList()));
            String prefix = "pekko.remote.artery.ssl.config-ssl-engine.";
            char[] password = c.getString(prefix + "trust-store-password").toCharArray();
            assertThat(subjects(load(Path.of(c.getString(prefix + "trust-store")), password)))
                    .as("roots trusted by " + id).hasSize(2).anyMatch(s -> s.contains("acme")).anyMatch(s -> s.contains("globex"));
            KeyStore keys = load(Path.of(c.getString(prefix + "key-store")), c.getString(prefix + "key-store-password").toCharArray());
            X509Certificate leaf = (X509Certificate) keys.getCertificate("node");
            assertThat(leaf.getSubjectX500Principal().getName()).contains("O=" + topology.domainOf(id));
        }
        assertThat(dir.resolve("acme/ca/root-ca.pem")).exists();
        assertThat(dir.resolve("globex/ca/root-ca.pem")).exists();
    }

    private static KeyStore load(Path file, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        return store;
    }

    private static List<String> subjects(KeyStore store) throws Exception {
        List<String> out = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            out.add(((X509Certificate) store.getCertificate(alias)).getSubjectX500Principal().getName());
        }
        return out;
    }
}
