package dev.writ.node.identity;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TLS context from its PKCS12 key and trust stores (the settings of
 * {@code pekko.remote.artery.ssl.config-ssl-engine}, as {@code writ ca node-tls} writes them),
 * rebuilt when either file changes: before each new connection, at most once a second, it looks
 * whether the files changed. A store that cannot be read (half written, wrong password) leaves the
 * last good context in place and is logged. Artery ({@link ReloadingSslEngineProvider}) and the
 * HTTPS API ({@link HttpsApiContext}) share the node certificate this way, so rotating it reaches
 * both without a restart; each decides how peers are trusted.
 */
final class ReloadingSslContext {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSslContext.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    /** How the peers' certificates are trusted, given the trust store. */
    interface Trust {
        TrustManager[] managers(KeyStore trustStore) throws GeneralSecurityException;
    }

    private final String use;
    private final Trust trust;
    private final Path keyStore;
    private final Path trustStore;
    private final char[] keyStorePassword;
    private final char[] keyPassword;
    private final char[] trustStorePassword;
    private final String protocol;
    private final String[] algorithms;
    private final SecureRandom random = new SecureRandom();
    private volatile Loaded current;
    private volatile long checkedAtNanos;

    private record Loaded(SSLContext context, List<FileTime> stamps) {
    }

    /**
     * @param engine {@code pekko.remote.artery.ssl.config-ssl-engine}
     * @param use    what the context is for, in log lines ("Artery", "HTTPS")
     */
    ReloadingSslContext(Config engine, String use, Trust trust) {
        this.use = use;
        this.trust = trust;
        this.keyStore = Path.of(engine.getString("key-store"));
        this.trustStore = Path.of(engine.getString("trust-store"));
        this.keyStorePassword = engine.getString("key-store-password").toCharArray();
        this.keyPassword = engine.getString("key-password").toCharArray();
        this.trustStorePassword = engine.getString("trust-store-password").toCharArray();
        this.protocol = engine.getString("protocol");
        this.algorithms = engine.getStringList("enabled-algorithms").toArray(String[]::new);
        try {
            this.current = load();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the node's TLS key store " + keyStore + " or trust store "
                    + trustStore + " for " + use + ": " + e.getMessage(), e);
        }
        this.checkedAtNanos = System.nanoTime();
    }

    private Loaded load() throws IOException, GeneralSecurityException {
        List<FileTime> stamps = stamps();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(read(keyStore, keyStorePassword), keyPassword);
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(keys.getKeyManagers(), trust.managers(read(trustStore, trustStorePassword)), random);
        return new Loaded(context, stamps);
    }

    private List<FileTime> stamps() throws IOException {
        return List.of(Files.getLastModifiedTime(keyStore), Files.getLastModifiedTime(trustStore));
    }

    private static KeyStore read(Path file, char[] password) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        }
    }

    /** The context to handshake with: reloaded first when a store file changed since it was loaded. */
    SSLContext context() {
        long now = System.nanoTime();
        if (now - checkedAtNanos >= CHECK_EVERY_NANOS) {
            checkedAtNanos = now;
            try {
                if (!Objects.equals(stamps(), current.stamps())) {
                    current = load();
                    LOG.info("Reloaded the node's TLS key store {} and trust store {}: new {} connections use them",
                            keyStore, trustStore, use);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                LOG.error("The node's TLS stores changed but cannot be loaded for {} ({}); new connections keep the last"
                        + " good ones", use, e.toString());
            }
        }
        return current.context();
    }

    /** A new engine of the current context, limited to the configured protocol and cipher suites. */
    SSLEngine engine(String hostname, int port) {
        SSLEngine engine = context().createSSLEngine(hostname, port);
        engine.setEnabledCipherSuites(algorithms);
        engine.setEnabledProtocols(new String[] {protocol});
        return engine;
    }
}
