package dev.writ.node.api;

import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.SslSessionInfo;

/**
 * The certificate chain a request's TLS connection presented (the client's certificate first):
 * empty over plain HTTP or when the client sent none. Nothing here is trusted yet:
 * {@link dev.writ.node.identity.AgentAuthentication} (an agent's) or
 * {@link dev.writ.node.identity.PepAuthentication} (a PEP's) verifies it against the domain's CA.
 */
final class PresentedChain {
    /**
     * The chain is read once per TLS session and bound to it ({@link SSLSession#putValue}): every
     * request of a keep-alive connection would otherwise encode it again, and a session without a
     * client certificate throws (and fills in the stack of) an exception on every read.
     */
    private static final String BOUND = PresentedChain.class.getName();

    private record Bound(List<byte[]> chain) {
    }

    private PresentedChain() {
    }

    static List<byte[]> of(HttpRequest request) {
        Optional<SslSessionInfo> tls = request.getAttribute(AttributeKeys.sslSession);
        if (tls.isEmpty()) {
            return List.of();
        }
        SSLSession session = tls.get().getSession();
        if (session.getValue(BOUND) instanceof Bound bound) {
            return bound.chain();
        }
        List<byte[]> chain = read(session);
        session.putValue(BOUND, new Bound(chain));
        return chain;
    }

    private static List<byte[]> read(SSLSession session) {
        try {
            List<byte[]> chain = new ArrayList<>();
            for (Certificate c : session.getPeerCertificates()) {
                chain.add(c.getEncoded());
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate the TLS handshake accepted cannot be encoded", e);
        }
    }
}
