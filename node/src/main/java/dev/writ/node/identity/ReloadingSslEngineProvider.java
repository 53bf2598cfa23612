package dev.writ.node.identity;

import com.typesafe.config.Config;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import scala.Option;

/**
 * Artery TLS with mutual authentication whose key and trust stores can be replaced while the node
 * runs (node certificate rotation without a cluster restart): Artery's face of the node's
 * {@link ReloadingSslContext}, built from the same settings as Pekko's {@code ConfigSSLEngineProvider}
 * ({@code pekko.remote.artery.ssl.config-ssl-engine}), so each new connection's handshake uses the
 * stores as they are now. Peers are trusted by PKIX against the trust store (the domains' roots).
 * Connections already open keep the session they authenticated. {@code writ ca node-tls} replaces
 * the files atomically, keeping the password.
 */
public final class ReloadingSslEngineProvider implements SSLEngineProvider {
    private final ReloadingSslContext tls;
    private final boolean mutual;

    /** Pekko instantiates the provider named in {@code pekko.remote.artery.ssl.ssl-engine-provider} with the system. */
    public ReloadingSslEngineProvider(ActorSystem system) {
        this(system.settings().config().getConfig("pekko.remote.artery.ssl.config-ssl-engine"));
    }

    ReloadingSslEngineProvider(Config c) {
        this.tls = new ReloadingSslContext(c, "Artery", store -> {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return trust.getTrustManagers();
        });
        this.mutual = c.getBoolean("require-mutual-authentication");
    }

    @Override
    public SSLEngine createServerSSLEngine(String hostname, int port) {
        SSLEngine engine = tls.engine(hostname, port);
        engine.setUseClientMode(false);
        if (mutual) {
            engine.setNeedClientAuth(true);
        }
        return engine;
    }

    @Override
    public SSLEngine createClientSSLEngine(String hostname, int port) {
        SSLEngine engine = tls.engine(hostname, port);
        engine.setUseClientMode(true);
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
