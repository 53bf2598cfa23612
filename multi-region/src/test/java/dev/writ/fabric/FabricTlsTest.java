package dev.writ.fabric;

import com.typesafe.config.ConfigFactory;
import dev.writ.authority.ca.CertificateAuthority;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FabricTlsTest {
    @TempDir
    Path dir;

    @Test
    void eachNodeIsCertifiedByItsDomainsCaAndTrustsTheRootsOfAllDomainsAndOfThoseItJoins() throws Exception {
        Topology topology = Topology.of(new DomainNodes("acme", 2), new DomainNodes("globex", 1));
        Map<String, CertificateAuthority> cas = Map.of(
                "acme", FabricIdentity.openOrCreate("acme", dir.resolve("id/acme")).ca(),
                "globex", FabricIdentity.openOrCreate("globex", dir.resolve("id/globex")).ca());
        byte[] initech = CertificateAuthority.encoded(FabricIdentity.openOrCreate("initech", dir.resolve("id/initech")).ca().root());

        Map<String, Map<String, String>> tls = FabricTls.provision(dir.resolve("tls"), topology, cas, List.of(initech));

        assertThat(tls.keySet()).containsExactlyInAnyOrder("acme-1", "acme-2", "globex-1");
        for (String id : topology.nodeIds()) {
            var c = ConfigFactory.parseString(String.join("\n",
                    tls.get(id).entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList()));
            String prefix = "pekko.remote.artery.ssl.config-ssl-engine.";
            char[] password = c.getString(prefix + "trust-store-password").toCharArray();
            assertThat(subjects(load(Path.of(c.getString(prefix + "trust-store")), password)))
                    .as("roots trusted by " + id).hasSize(3).anyMatch(s -> s.contains("acme")).anyMatch(s -> s.contains("globex"))
                    .anyMatch(s -> s.contains("initech"));
            KeyStore keys = load(Path.of(c.getString(prefix + "key-store")), c.getString(prefix + "key-store-password").toCharArray());
            X509Certificate leaf = (X509Certificate) keys.getCertificate("node");
            assertThat(leaf.getSubjectX500Principal().getName()).contains("O=" + topology.domainOf(id));
            var issuer = new JcaX509CertificateConverter().getCertificate(cas.get(topology.domainOf(id)).certificate());
            assertThat(keys.getCertificateChain("node")).as("chain of " + id).contains(issuer);
        }
    }

    @Test
    void aRunningNodesTrustStoreTakesAnotherRootOnceWithoutLosingItsOwn() throws Exception {
        Topology topology = Topology.singleDomain("acme", 1);
        Map<String, CertificateAuthority> cas = Map.of("acme", FabricIdentity.openOrCreate("acme", dir.resolve("id/acme")).ca());
        Map<String, String> node = FabricTls.provision(dir.resolve("tls"), topology, cas, List.of()).get("acme-1");
        byte[] globex = CertificateAuthority.encoded(FabricIdentity.openOrCreate("globex", dir.resolve("id/globex")).ca().root());

        FabricTls.trust(node, List.of(globex));
        FabricTls.trust(node, List.of(globex));

        var c = ConfigFactory.parseString(String.join("\n",
                node.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList()));
        String prefix = "pekko.remote.artery.ssl.config-ssl-engine.";
        assertThat(subjects(load(Path.of(c.getString(prefix + "trust-store")), c.getString(prefix + "trust-store-password")
                .toCharArray()))).hasSize(2).anyMatch(s -> s.contains("acme")).anyMatch(s -> s.contains("globex"));
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
