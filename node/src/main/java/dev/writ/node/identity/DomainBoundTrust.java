package dev.writ.node.identity;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How Artery trusts a member: its certificate names a node of one domain
 * ({@code spiffe://<domain>/node/<id>}, the only URI SAN) and chains to <em>that</em> domain's
 * root in the trust store, not merely to any trusted root. With every partner's root trusted
 * (a shared cluster), plain PKIX would let one domain's CA issue a certificate that names a node
 * of another; here each root vouches only for its own domain, as its trust domain id
 * ({@code spiffe://<domain>} in the root's URI SAN) says. Roots without a trust domain id vouch
 * for nothing.
 */
final class DomainBoundTrust extends X509ExtendedTrustManager {
    private static final Pattern NODE = Pattern.compile("spiffe://([a-z0-9][a-z0-9.-]{0,62})/node/([A-Za-z0-9][A-Za-z0-9_.-]{0,62})");
    private static final Pattern TRUST_DOMAIN = Pattern.compile("spiffe://([a-z0-9][a-z0-9.-]{0,62})");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    /** A member as its certificate names it. */
    record CertifiedNode(String domain, String nodeId) {
    }

    private final Map<String, TrustAnchor> roots;

    private DomainBoundTrust(Map<String, TrustAnchor> roots) {
        this.roots = Map.copyOf(roots);
    }

    /** Each root of the store under the trust domain it names. */
    static DomainBoundTrust of(KeyStore trustStore) throws GeneralSecurityException {
        Map<String, TrustAnchor> roots = new TreeMap<>();
        for (String alias : Collections.list(trustStore.aliases())) {
            if (trustStore.getCertificate(alias) instanceof X509Certificate root) {
                trustDomainOf(root).ifPresent(domain -> roots.put(domain, new TrustAnchor(root, null)));
            }
        }
        return new DomainBoundTrust(roots);
    }

    /** The node a member's chain certifies, checked as the handshake checks it (no key usage check). */
    CertifiedNode certified(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the member presented no certificate");
        }
        CertifiedNode node = nodeOf(chain[0]);
        TrustAnchor root = roots.get(node.domain());
        if (root == null) {
            throw new CertificateException("the certificate names a node of " + node.domain()
                    + ", whose root this node does not trust");
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate cert : chain) {
            if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                path.add(cert); // a root the peer sends along proves nothing: the trusted one is ours
            }
        }
        try {
            PKIXParameters pkix = new PKIXParameters(Set.of(root));
            pkix.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), pkix);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("the certificate of " + node.domain() + "/" + node.nodeId()
                    + " does not chain to " + node.domain() + "'s own root: " + e.getMessage(), e);
        }
        return node;
    }

    private void check(X509Certificate[] chain, String purpose) throws CertificateException {
        certified(chain);
        List<String> usages = chain[0].getExtendedKeyUsage();
        if (usages == null || !usages.contains(purpose)) {
            throw new CertificateException("the member's certificate is not for "
                    + (purpose.equals(SERVER_AUTH) ? "TLS servers" : "TLS clients"));
        }
    }

    /** The node a certificate names, without checking its chain (the handshake did). */
    static CertifiedNode nodeOf(X509Certificate leaf) throws CertificateException {
        List<String> uris = uris(leaf);
        if (uris.size() != 1) {
            throw new CertificateException("a member's certificate names exactly one spiffe://<domain>/node/<id>; it names "
                    + uris.size() + " URI(s)");
        }
        Matcher m = NODE.matcher(uris.get(0));
        if (!m.matches()) {
            throw new CertificateException("a member's certificate names a node (spiffe://<domain>/node/<id>), not "
                    + uris.get(0));
        }
        return new CertifiedNode(m.group(1), m.group(2));
    }

    private static Optional<String> trustDomainOf(X509Certificate root) {
        try {
            List<String> uris = uris(root);
            if (uris.size() == 1) {
                Matcher m = TRUST_DOMAIN.matcher(uris.get(0));
                if (m.matches()) {
                    return Optional.of(m.group(1));
                }
            }
        } catch (CertificateParsingException e) {
            // a root whose names cannot be read vouches for nothing
        }
        return Optional.empty();
    }

    private static List<String> uris(X509Certificate cert) throws CertificateParsingException {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        List<String> uris = new ArrayList<>();
        if (names != null) {
            for (List<?> name : names) {
                if (Integer.valueOf(6).equals(name.get(0))) {
                    uris.add(name.get(1).toString());
                }
            }
        }
        return uris;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, CLIENT_AUTH);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, SERVER_AUTH);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, CLIENT_AUTH);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, SERVER_AUTH);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, CLIENT_AUTH);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, SERVER_AUTH);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return roots.values().stream().map(TrustAnchor::getTrustedCert).toArray(X509Certificate[]::new);
    }
}
