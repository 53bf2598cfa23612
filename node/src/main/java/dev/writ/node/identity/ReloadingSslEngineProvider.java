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
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Artery TLS with mutual authentication whose key and trust stores can be replaced while the node
 * runs (node certificate rotation without a cluster restart). It reads the same settings as Pekko's
 * {@code ConfigSSLEngineProvider} ({@code pekko.remote.artery.ssl.config-ssl-engine}), and before
 * each new connection's handshake looks, at most once a second, whether either store file changed;
 * if so it builds a new SSL context from them. Connections already open keep the session they
 * authenticated. A store that cannot be read (half written, wrong password) leaves the last good
 * context in place and is logged; {@code writ ca node-tls} replaces the files atomically, keeping
 * the password.
 */
public final class ReloadingSslEngineProvider implements SSLEngineProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSslEngineProvider.class);
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Path keyStore;
    private final Path trustStore;
    private final char[] keyStorePassword;
    private final char[] keyPassword;
    private final char[] trustStorePassword;
    private final String protocol;
    private final String[] algorithms;
    private final boolean mutual;
    private final SecureRandom random = new SecureRandom();
    private volatile Loaded current;
    private volatile long checkedAtNanos;

    private record Loaded(SSLContext context, List<FileTime> stamps) {
    }

    /** Pekko instantiates the provider named in {@code pekko.remote.artery.ssl.ssl-engine-provider} with the system. */
    public ReloadingSslEngineProvider(ActorSystem system) {
        this(system.settings().config().getConfig("pekko.remote.artery.ssl.config-ssl-engine"));
    }

    ReloadingSslEngineProvider(Config c) {
        this.keyStore = Path.of(c.getString("key-store"));
        this.trustStore = Path.of(c.getString("trust-store"));
        this.keyStorePassword = c.getString("key-store-password").toCharArray();
        this.keyPassword = c.getString("key-password").toCharArray();
        this.trustStorePassword = c.getString("trust-store-password").toCharArray();
        this.protocol = c.getString("protocol");
        this.algorithms = c.getStringList("enabled-algorithms").toArray(String[]::new);
        this.mutual = c.getBoolean("require-mutual-authentication");
        try {
            this.current = load();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the node's TLS key store " + keyStore + " or trust store "
                    + trustStore + ": " + e.getMessage(), e);
        }
        this.checkedAtNanos = System.nanoTime();
    }

    private Loaded load() throws IOException, GeneralSecurityException {
        List<FileTime> stamps = stamps();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(read(keyStore, keyStorePassword), keyPassword);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(read(trustStore, trustStorePassword));
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), random);
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
                    LOG.info("Reloaded the node's TLS key store {} and trust store {}: new connections use them",
                            keyStore, trustStore);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                LOG.error("The node's TLS stores changed but cannot be loaded ({}); new connections keep the last good ones",
                        e.toString());
            }
        }
        return current.context();
    }

    @Override
    public SSLEngine createServerSSLEngine(String hostname, int port) {
        SSLEngine engine = engine(hostname, port);
        engine.setUseClientMode(false);
        if (mutual) {
            engine.setNeedClientAuth(true);
        }
        return engine;
    }

    @Override
    public SSLEngine createClientSSLEngine(String hostname, int port) {
        SSLEngine engine = engine(hostname, port);
        engine.setUseClientMode(true);
        return engine;
    }

    private SSLEngine engine(String hostname, int port) {
        SSLEngine engine = context().createSSLEngine(hostname, port);
        engine.setEnabledCipherSuites(algorithms);
        engine.setEnabledProtocols(new String[] {protocol});
        return engine;
    }

    @Override
    public Option<Throwable> verifyClientSession(String hostname, SSLSession session) {
        return Option.empty(); // the handshake authenticated the peer against the domain's root
    }

    @Override
    public Option<Throwable> verifyServerSession(String hostname, SSLSession session) {
        return Option.empty();
    }
}
