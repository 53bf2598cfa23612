package dev.writ.node.identity;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.authority.ca.NodeTlsMaterial;
import dev.writ.node.SystemTermination;
import dev.writ.protocol.crypto.SigningKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three Pekko cluster members of domain acme, each with a node certificate from the domain CA
 * ({@link NodeTlsMaterial}), form a cluster over Artery TLS with mutual authentication; a member
 * with a certificate from another CA, and one with an expired certificate, never get in.
 */
class ArteryMutualTlsIT {
    /** How long the refused members are watched; the good three formed well within it. */
    private static final Duration REFUSAL_WINDOW = Duration.ofSeconds(8);
    /** The provider looks at its store files at most once a second; twice that leaves room on a loaded machine. */

    @TempDir
    Path dir;
    private final List<ActorSystem<Void>> systems = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ActorSystem<Void> system : systems) {
            SystemTermination.terminate(system, Duration.ofSeconds(60)); // bounds the tls-tcp shutdown race
        }
    }

    @Test
    void threeNodesFormOverMutualTlsAndForeignOrExpiredCertificatesCannotJoin() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority acme = CaDirectory.at(dir.resolve("acme-ca")).init("acme", now.minusSeconds(60),
                Duration.ofDays(3650), Duration.ofDays(365));
        CertificateAuthority foreign = CertificateAuthority.createRoot("acme", SigningKey.generate(), now.minusSeconds(60),
                Duration.ofDays(10)).createIntermediate(SigningKey.generate(), now.minusSeconds(60), Duration.ofDays(5));

        ActorSystem<Void> first = member(NodeTlsMaterial.write(acme, "n1", dir.resolve("tls"), now, Duration.ofDays(30)));
        Address seed = Cluster.get(first).selfMember().address();
        Cluster.get(first).manager().tell(Join.create(seed));
        for (String id : List.of("n2", "n3")) {
            ActorSystem<Void> next = member(NodeTlsMaterial.write(acme, id, dir.resolve("tls"), now, Duration.ofDays(30)));
            Cluster.get(next).manager().tell(Join.create(seed));
        }
        await("three members Up over mutual TLS", () -> up(first) == 3);

        ActorSystem<Void> impostor = member(NodeTlsMaterial.write(foreign, "n4", dir.resolve("foreign"), now,
                Duration.ofDays(1)));
        ActorSystem<Void> expired = member(NodeTlsMaterial.write(acme, "n5", dir.resolve("tls"),
                now.minus(Duration.ofDays(2)), Duration.ofDays(1)));
        Cluster.get(impostor).manager().tell(Join.create(seed));
        Cluster.get(expired).manager().tell(Join.create(seed));
        Instant until = Instant.now().plus(REFUSAL_WINDOW);
        while (Instant.now().isBefore(until)) {
            assertThat(members(first)).as("only the three acme nodes are members").isEqualTo(3);
            assertThat(Cluster.get(impostor).selfMember().status()).isNotEqualTo(MemberStatus.up());
            assertThat(Cluster.get(expired).selfMember().status()).isNotEqualTo(MemberStatus.up());
            Thread.sleep(200);
        }
        assertThat(up(first)).isEqualTo(3);
    }

    @Test
    void aNodesCertificateIsRotatedWhileItRunsAndNewConnectionsUseIt() throws Exception {
        Instant now = Instant.now();
        Path rot = dir.resolve("rotation");
        CertificateAuthority acme = CaDirectory.at(rot.resolve("acme-ca")).init("acme", now.minusSeconds(60),
                Duration.ofDays(3650), Duration.ofDays(365));
        CertificateAuthority foreign = CertificateAuthority.createRoot("acme", SigningKey.generate(), now.minusSeconds(60),
                Duration.ofDays(10)).createIntermediate(SigningKey.generate(), now.minusSeconds(60), Duration.ofDays(5));
        ActorSystem<Void> first = member(NodeTlsMaterial.write(acme, "r1", rot.resolve("tls"), now, Duration.ofDays(2)));
        Address seed = Cluster.get(first).selfMember().address();
        Cluster.get(first).manager().tell(Join.create(seed));
        Cluster.get(member(NodeTlsMaterial.write(acme, "r2", rot.resolve("tls"), now, Duration.ofDays(2))))
                .manager().tell(Join.create(seed));
        await("two members Up", () -> up(first) == 2);

        // Renewed from the same CA, in place: the running node takes it for its next connections.
        NodeTlsMaterial.write(acme, "r1", rot.resolve("tls"), now, Duration.ofDays(30));
        await("r1 shows new connections its renewed certificate", () -> presentedBy(first)
                .map(c -> c.getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(20)))).orElse(false));
        Cluster.get(member(NodeTlsMaterial.write(acme, "r3", rot.resolve("tls"), now, Duration.ofDays(2))))
                .manager().tell(Join.create(seed));
        await("a third member joins through the renewed node", () -> up(first) == 3);

        // Replaced by a certificate the domain does not trust: no new connection to it holds, the cluster stays.
        NodeTlsMaterial.write(foreign, "r1", rot.resolve("tls"), now, Duration.ofDays(2));
        PublicKey foreignIssuer = new JcaX509CertificateConverter().getCertificate(foreign.certificate()).getPublicKey();
        await("r1 shows new connections the certificate of the foreign CA", () -> presentedBy(first)
                .map(c -> signedBy(c, foreignIssuer)).orElse(false));
        ActorSystem<Void> late = member(NodeTlsMaterial.write(acme, "r4", rot.resolve("tls"), now, Duration.ofDays(2)));
        Cluster.get(late).manager().tell(Join.create(seed));
        Instant until = Instant.now().plus(REFUSAL_WINDOW);
        while (Instant.now().isBefore(until)) {
            assertThat(Cluster.get(late).selfMember().status()).as("a node cannot join through a node whose certificate "
                    + "the domain does not trust, so the reload happened; r1 sees " + view(first))
                    .isNotEqualTo(MemberStatus.up());
            Thread.sleep(200);
        }
        assertThat(up(first)).as("connections already open keep their sessions; r1 sees " + view(first)).isEqualTo(3);
    }

    /**
     * A shared cluster trusts every domain's root; a member is still only what its own domain's root
     * certifies. globex's honest node joins as globex; a node with a globex certificate that claims
     * to be an acme node (acme's data center) is downed by acme's member once it has connected to it
     * ({@link MemberCertification}, which {@code Node.start} schedules on every node); and a
     * certificate globex's CA made out to "an acme node" never gets through the handshake.
     */
    @Test
    void aMemberIsTheDomainItsCertificateNamesNotTheDataCenterItClaims() throws Exception {
        Instant now = Instant.now();
        Path shared = dir.resolve("shared");
        CertificateAuthority acme = CaDirectory.at(shared.resolve("acme-ca")).init("acme", now.minusSeconds(60),
                Duration.ofDays(3650), Duration.ofDays(365));
        CertificateAuthority globex = CaDirectory.at(shared.resolve("globex-ca")).init("globex", now.minusSeconds(60),
                Duration.ofDays(3650), Duration.ofDays(365));
        List<byte[]> roots = List.of(CertificateAuthority.encoded(acme.root()), CertificateAuthority.encoded(globex.root()));

        ActorSystem<Void> first = member(trustingAll(NodeTlsMaterial.write(acme, "acme-1", shared.resolve("tls"), now,
                Duration.ofDays(2)), roots), "acme");
        Address seed = Cluster.get(first).selfMember().address();
        Cluster.get(first).manager().tell(Join.create(seed));
        MemberCertification certification = new MemberCertification(first);
        first.scheduler().scheduleWithFixedDelay(Duration.ofMillis(200), Duration.ofMillis(200), certification,
                first.executionContext());

        ActorSystem<Void> honest = member(trustingAll(NodeTlsMaterial.write(globex, "globex-1", shared.resolve("tls"), now,
                Duration.ofDays(2)), roots), "globex");
        ActorSystem<Void> impostor = member(trustingAll(NodeTlsMaterial.write(globex, "globex-2", shared.resolve("tls"), now,
                Duration.ofDays(2)), roots), "acme");
        // globex's own CA, writing its certificate out to a node of acme
        CertificateAuthority forger = new CertificateAuthority("acme", globex.key(), globex.chain());
        ActorSystem<Void> forged = member(trustingAll(NodeTlsMaterial.write(forger, "acme-9", shared.resolve("forged"), now,
                Duration.ofDays(2)), roots), "acme");
        for (ActorSystem<Void> joiner : List.of(honest, impostor, forged)) {
            Cluster.get(joiner).manager().tell(Join.create(seed));
        }

        await("acme's member downs the member that claims acme with a globex certificate", () ->
                StreamSupport.stream(Cluster.get(first).state().getMembers().spliterator(), false)
                        .noneMatch(m -> m.address().equals(Cluster.get(impostor).selfMember().address())
                                && m.status() == MemberStatus.up())
                && Cluster.get(impostor).selfMember().status() != MemberStatus.joining());
        await("globex's honest member is Up in its own data center", () ->
                StreamSupport.stream(Cluster.get(first).state().getMembers().spliterator(), false)
                        .anyMatch(m -> m.dataCenter().equals("globex") && m.status() == MemberStatus.up()));
        Instant until = Instant.now().plus(REFUSAL_WINDOW);
        while (Instant.now().isBefore(until)) {
            assertThat(Cluster.get(forged).selfMember().status()).as("a certificate no root of acme vouches for")
                    .isNotEqualTo(MemberStatus.up());
            assertThat(StreamSupport.stream(Cluster.get(first).state().getMembers().spliterator(), false)
                    .filter(m -> m.dataCenter().equals("acme") && m.status() == MemberStatus.up()).count())
                    .as("acme's data center holds acme's node only; " + view(first)).isEqualTo(1);
            Thread.sleep(200);
        }
        assertThat(StreamSupport.stream(Cluster.get(first).state().getMembers().spliterator(), false)
                .anyMatch(m -> m.dataCenter().equals("globex") && m.status() == MemberStatus.up()))
                .as("downing the impostor left globex's honest node alone").isTrue();
    }

    /** The node's material with every one of {@code roots} (DER) in its trust store, as a shared cluster has it. */
    private static NodeTlsMaterial.TlsFiles trustingAll(NodeTlsMaterial.TlsFiles tls, List<byte[]> roots) throws Exception {
        Config engine = ConfigFactory.parseFile(tls.config().toFile()).getConfig("pekko.remote.artery.ssl.config-ssl-engine");
        char[] password = engine.getString("trust-store-password").toCharArray();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(tls.trustStore())) {
            store.load(in, password);
        }
        var x509 = java.security.cert.CertificateFactory.getInstance("X.509");
        for (int i = 0; i < roots.size(); i++) {
            store.setCertificateEntry("shared-root-" + i, x509.generateCertificate(new java.io.ByteArrayInputStream(roots.get(i))));
        }
        try (var out = java.nio.file.Files.newOutputStream(tls.trustStore())) {
            store.store(out, password);
        }
        return tls;
    }

    private ActorSystem<Void> member(NodeTlsMaterial.TlsFiles tls) {
        return member(tls, "default");
    }

    private ActorSystem<Void> member(NodeTlsMaterial.TlsFiles tls, String dataCenter) {
        Config config = ConfigFactory.parseFile(tls.config().toFile())
                .withFallback(ConfigFactory.parseString("pekko.cluster.multi-data-center.self-data-center = " + dataCenter))
                .withFallback(ConfigFactory.parseString("""
                        pekko.actor.provider = cluster
                        pekko.remote.artery.canonical.hostname = "127.0.0.1"
                        pekko.remote.artery.canonical.port = 0
                        pekko.cluster.seed-node-timeout = 1s
                        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                        pekko.loglevel = WARNING
                        pekko.coordinated-shutdown.exit-jvm = off
                        """))
                .withFallback(ConfigFactory.load());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "writ", config);
        systems.add(system);
        return system;
    }

    /**
     * The certificate a fresh TLS connection to the member's Artery port is shown. The handshake
     * itself then fails (this probe presents no client certificate), which is all right: the
     * server's certificate has been seen by then.
     */
    private static Optional<X509Certificate> presentedBy(ActorSystem<?> system) {
        int port = Cluster.get(system).selfMember().address().getPort().orElseThrow();
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        X509TrustManager capture = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("a probe judges no clients");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen.set(chain[0]);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext tls = SSLContext.getInstance("TLSv1.3");
            tls.init(null, new TrustManager[] {capture}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
                socket.setSoTimeout(2_000);
                socket.startHandshake();
                socket.getInputStream().read();
            }
        } catch (IOException | GeneralSecurityException expected) {
            // refused for presenting no certificate, after the server presented its own
        }
        return Optional.ofNullable(seen.get());
    }

    private static boolean signedBy(X509Certificate certificate, PublicKey issuer) {
        try {
            certificate.verify(issuer);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static long up(ActorSystem<?> system) {
        return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up()).count();
    }

    private static String view(ActorSystem<?> system) {
        return Cluster.get(system).state().toString();
    }

    private static long members(ActorSystem<?> system) {
        return StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false).count();
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
