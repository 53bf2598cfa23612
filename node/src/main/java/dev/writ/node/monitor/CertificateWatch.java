package dev.writ.node.monitor;

import com.typesafe.config.Config;
import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.health.HealthStatus;
import dev.writ.protocol.crypto.Hashes;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Health check "certificates": the certificates a node cannot work without, checked against the
 * clock on every health run — the domain's intermediate CA (it issues agent certificates and signs
 * OCSP answers) and its root, and the node's own Artery TLS certificate (read again from its key
 * store whenever the file's bytes changed, so a rotated file is what is judged; reading and hashing
 * a few kilobytes is cheap, but opening a PKCS12 store checks its MAC with thousands of hash rounds,
 * too dear for a check that runs every second). Expired or not yet valid: FAILED. Within
 * {@code writ.identity.certificate-expiry-warning} of its end, or in the last third of its life if
 * that is shorter: DEGRADED, with the date, so an operator renews it before it stops the node.
 */
public final class CertificateWatch {
    private final List<Watched> fixed;
    private final Optional<KeyStoreFile> tls;
    private final Duration warning;

    /** A certificate known at start (the CA's are loaded once). */
    public record Watched(String name, Instant notBefore, Instant notAfter) {
        static Watched of(String name, X509CertificateHolder cert) {
            return new Watched(name, cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant());
        }
    }

    private record KeyStoreFile(Path path, char[] password) {
    }

    /** The node's TLS certificate as last read, and the SHA-256 of the key store's bytes then. */
    private record Read(byte[] digest, Watched certificate) {
    }

    /** Null until the key store was read once; only the health monitor's thread calls {@link #findings}. */
    private volatile Read lastRead;

    private CertificateWatch(List<Watched> fixed, Optional<KeyStoreFile> tls, Duration warning) {
        this.fixed = List.copyOf(fixed);
        this.tls = tls;
        this.warning = warning;
    }

    /** The CA chain the node issues with (intermediate first) and, with Artery TLS, the node's key store. */
    public static CertificateWatch of(List<X509CertificateHolder> caChain, Config full) {
        List<Watched> fixed = new ArrayList<>();
        for (int i = 0; i < caChain.size(); i++) {
            String name = caChain.size() == 1 ? "CA" : i == 0 ? "intermediate CA" : i == caChain.size() - 1 ? "root CA" : "CA " + i;
            fixed.add(Watched.of(name, caChain.get(i)));
        }
        Optional<KeyStoreFile> tls = Optional.empty();
        if (full.getString("pekko.remote.artery.transport").equals("tls-tcp")) {
            Config ssl = full.getConfig("pekko.remote.artery.ssl.config-ssl-engine");
            tls = Optional.of(new KeyStoreFile(Path.of(ssl.getString("key-store")),
                    ssl.getString("key-store-password").toCharArray()));
        }
        return new CertificateWatch(fixed, tls, full.getDuration("writ.identity.certificate-expiry-warning"));
    }

    public List<Finding> findings(Instant now) {
        List<Finding> out = new ArrayList<>();
        for (Watched w : fixed) {
            out.add(judge(w, now, warning));
        }
        tls.ifPresent(store -> out.add(nodeTls(store, now)));
        return out;
    }

    private Finding nodeTls(KeyStoreFile store, Instant now) {
        try {
            byte[] bytes = Files.readAllBytes(store.path());
            byte[] digest = Hashes.sha256(bytes);
            Read read = lastRead;
            if (read == null || !Arrays.equals(read.digest(), digest)) {
                Optional<Watched> certificate = keyEntryCertificate(bytes, store.password());
                if (certificate.isEmpty()) {
                    return new Finding("certificates", HealthStatus.FAILED, "the node's TLS key store holds no key entry",
                            store.path().toString());
                }
                read = new Read(digest, certificate.get());
                lastRead = read;
            }
            return judge(read.certificate(), now, warning);
        } catch (Exception e) {
            return new Finding("certificates", HealthStatus.FAILED, "the node's TLS key store cannot be read",
                    store.path() + ": " + e.getMessage());
        }
    }

    private static Optional<Watched> keyEntryCertificate(byte[] keyStore, char[] password) throws Exception {
        try (InputStream in = new ByteArrayInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.getCertificate(alias) instanceof X509Certificate cert && ks.isKeyEntry(alias)) {
                    return Optional.of(new Watched("node TLS certificate", cert.getNotBefore().toInstant(),
                            cert.getNotAfter().toInstant()));
                }
            }
            return Optional.empty();
        }
    }

    /** Pure: the finding for one certificate at {@code now}. */
    static Finding judge(Watched w, Instant now, Duration warning) {
        if (now.isBefore(w.notBefore())) {
            return new Finding("certificates", HealthStatus.FAILED, "the " + w.name() + " is not valid before "
                    + w.notBefore());
        }
        if (!now.isBefore(w.notAfter())) {
            return new Finding("certificates", HealthStatus.FAILED, "the " + w.name() + " expired at " + w.notAfter());
        }
        // Short-lived certificates (a node's TLS certificate lives days) warn in the last third of their life.
        Duration lifetime = Duration.between(w.notBefore(), w.notAfter());
        Duration window = warning.compareTo(lifetime.dividedBy(3)) < 0 ? warning : lifetime.dividedBy(3);
        if (Duration.between(now, w.notAfter()).compareTo(window) < 0) {
            return new Finding("certificates", HealthStatus.DEGRADED, "the " + w.name() + " expires at " + w.notAfter()
                    + ", within " + window.toHours() + " h: renew it");
        }
        return new Finding("certificates", HealthStatus.HEALTHY, "the " + w.name() + " is valid until " + w.notAfter());
    }
}
