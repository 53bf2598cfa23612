package dev.writ.node.identity;

import com.typesafe.config.Config;
import dev.writ.node.config.NodeSettings;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * HTTPS for the node's API (writ.http.tls): the node certificate and protocol settings of its
 * Artery TLS stores, reloaded when they are rotated (each new connection uses the stores as they
 * are), and client certificates asked for as configured and left to {@link PresentedChainTrust}.
 */
public final class HttpsApiContext {
    private HttpsApiContext() {
    }

    /** @param engine {@code pekko.remote.artery.ssl.config-ssl-engine} */
    public static HttpsConnectionContext create(Config engine, NodeSettings.ClientAuth clientAuth) {
        ReloadingSslContext tls = new ReloadingSslContext(engine, "HTTPS",
                store -> new TrustManager[] {new PresentedChainTrust()});
        return ConnectionContext.httpsServer(() -> {
            SSLEngine engineNow = tls.engine(null, -1);
            engineNow.setUseClientMode(false);
            switch (clientAuth) {
                case WANT -> engineNow.setWantClientAuth(true);
                case NEED -> engineNow.setNeedClientAuth(true);
                case NONE -> engineNow.setWantClientAuth(false);
            }
            return engineNow;
        });
    }
}
