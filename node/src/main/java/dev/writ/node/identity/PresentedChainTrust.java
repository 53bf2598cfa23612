package dev.writ.node.identity;

import dev.writ.protocol.identity.OneSidedTrust;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The HTTPS API's trust in client certificates: the handshake only proves the client holds the key
 * of the certificate it presents; whether that certificate chains to the domain's CA, is valid,
 * unrevoked, for this domain and for the agent the proposal names (or the PEP a redemption or
 * outcome report names) is decided per request by {@link AgentAuthentication} (or
 * {@link PepAuthentication}), which refuses with the CERT_* code of the cause and records it as
 * evidence (a handshake failure would tell the client nothing and leave no record). Nothing but
 * those paths uses a presented chain.
 */
final class PresentedChainTrust extends OneSidedTrust {
    PresentedChainTrust() {
        super(Side.CLIENTS);
    }

    @Override
    protected void check(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate was presented");
        }
    }
}
