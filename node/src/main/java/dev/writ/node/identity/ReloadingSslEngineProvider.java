package dev.writ.node.identity;

import com.typesafe.config.Config;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Artery TLS with mutual authentication whose key and trust stores can be replaced while the node
 * runs (node certificate rotation without a cluster restart): Artery's face of the node's
 * {@link ReloadingSslContext}, built from the same settings as Pekko's {@code ConfigSSLEngineProvider}
 * ({@code pekko.remote.artery.ssl.config-ssl-engine}), so each new connection's handshake uses the
 * stores as they are now. A member is trusted when its certificate names a node of one domain and
 * chains to that domain's own root in the trust store ({@link DomainBoundTrust}).
 * Connections already open keep the session they authenticated. {@code writ ca node-tls} replaces
 * the files atomically, keeping the password.
 */
public final class ReloadingSslEngineProvider implements SSLEngineProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingSslEngineProvider.class);

    private final ReloadingSslContext tls;
    private final boolean mutual;
    private final CertifiedMembers members;

    /** Pekko instantiates the provider named in {@code pekko.remote.artery.ssl.ssl-engine-provider} with the system. */
    public ReloadingSslEngineProvider(ActorSystem system) {
        Config c = system.settings().config().getConfig("pekko.remote.artery.ssl.config-ssl-engine");
        this.tls = new ReloadingSslContext(c, "Artery", store -> new TrustManager[] {DomainBoundTrust.of(store)});
        this.mutual = c.getBoolean("require-mutual-authentication");
        this.members = CertifiedMembers.get(system);
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

    /**
     * A connection this node opened to a member's address (Pekko calls this on the client side of
     * a handshake): the handshake checked the certificate; here the address is remembered as that
     * domain's node, for {@link MemberCertification}.
     */
    @Override
    public Option<Throwable> verifyClientSession(String hostname, SSLSession session) {
        try {
            if (session.getPeerCertificates()[0] instanceof X509Certificate leaf) {
                members.record(session.getPeerHost(), session.getPeerPort(), DomainBoundTrust.nodeOf(leaf));
            }
            return Option.empty();
        } catch (SSLPeerUnverifiedException | CertificateException e) {
            LOG.warn("Refused the Artery session to {}:{}: {}", session.getPeerHost(), session.getPeerPort(), e.getMessage());
            return Option.apply(e);
        }
    }

    @Override
    public Option<Throwable> verifyServerSession(String hostname, SSLSession session) {
        return Option.empty(); // a member connecting here: the handshake checked its certificate (DomainBoundTrust)
    }
}
