package dev.writ.protocol.client;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.identity.OneSidedTrust;
import dev.writ.protocol.identity.Pem;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * TLS to a node's HTTPS API (writ.http.tls): the node's certificate must chain to the domain's
 * root and name a node of that domain ({@code spiffe://<domain>/node/<id>} in its URI SAN). Node
 * certificates name nodes by SPIFFE id, not by host name, so this identity check replaces the host
 * name check. With an agent's credential the client presents its certificate (mutual TLS), which
 * authenticates its unsigned proposals at the node.
 */
final class NodeTls {
    private static final String ALIAS = "agent";
    private static final int MAX_ROOT_PEM = 64 * 1024;

    private NodeTls() {
    }

    static SSLContext context(String domain, String domainRootPem, Optional<AgentCredential> client) {
        try {
            List<byte[]> roots = Pem.decodeAll(domainRootPem, Pem.CERTIFICATE, MAX_ROOT_PEM);
            if (roots.size() != 1) {
                throw new IllegalArgumentException("the domain root PEM holds " + roots.size() + " certificates, not one");
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            KeyManager[] keys = client.isEmpty() ? null : new KeyManager[] {new AgentKeys(client.get())};
            context.init(keys, new TrustManager[] {new DomainNodeTrust(domain, certificate(roots.get(0)))}, null);
            return context;
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("the domain root is not a PEM certificate: " + e.detail(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS to domain " + domain + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** The node's chain must reach the domain root (PKIX) and its certificate name a node of the domain. */
    private static final class DomainNodeTrust extends OneSidedTrust {
        private final String nodePrefix;
        private final PKIXParameters pkix;

        DomainNodeTrust(String domain, X509Certificate root) throws GeneralSecurityException {
            super(Side.SERVERS);
            this.nodePrefix = "spiffe://" + domain + "/node/";
            this.pkix = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            this.pkix.setRevocationEnabled(false);
        }

        @Override
        protected void check(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the node presented no certificate");
            }
            try {
                CertPathValidator.getInstance("PKIX").validate(
                        CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(chain)), pkix);
            } catch (GeneralSecurityException e) {
                throw new CertificateException("the node's certificate does not chain to the domain's root: "
                        + e.getMessage(), e);
            }
            boolean named = chain[0].getSubjectAlternativeNames() != null && chain[0].getSubjectAlternativeNames().stream()
                    .anyMatch(n -> Integer.valueOf(6).equals(n.get(0)) && n.get(1).toString().startsWith(nodePrefix));
            if (!named) {
                throw new CertificateException("the node's certificate names no " + nodePrefix + "<id>");
            }
        }
    }

    /** The agent's certificate chain and key, the only client identity this context presents. */
    private static final class AgentKeys extends X509ExtendedKeyManager {
        private final X509Certificate[] chain;
        private final PrivateKey key;

        AgentKeys(AgentCredential credential) throws GeneralSecurityException {
            this.chain = new X509Certificate[credential.chain().size()];
            for (int i = 0; i < chain.length; i++) {
                chain[i] = certificate(credential.chain().get(i));
            }
            String pem = KeyEncoding.toPem(credential.key()).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            this.key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
