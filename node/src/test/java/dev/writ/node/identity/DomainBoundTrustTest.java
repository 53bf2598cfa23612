package dev.writ.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.X509Signing;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

class DomainBoundTrustTest {
    private static final Instant NOW = Instant.now();
    private final CertificateAuthority acme = ca("acme");
    private final CertificateAuthority globex = ca("globex");

    @Test
    void aMemberIsTheNodeItsOwnDomainsRootCertifies() throws Exception {
        DomainBoundTrust trust = trusting(acme, globex);
        assertThat(trust.certified(chain(acme, "spiffe://acme/node/acme-1")))
                .isEqualTo(new DomainBoundTrust.CertifiedNode("acme", "acme-1"));
        assertThat(trust.certified(chain(globex, "spiffe://globex/node/globex-1")))
                .isEqualTo(new DomainBoundTrust.CertifiedNode("globex", "globex-1"));
        trust.checkServerTrusted(chain(acme, "spiffe://acme/node/acme-1"), "EdDSA");
        trust.checkClientTrusted(chain(globex, "spiffe://globex/node/globex-1"), "EdDSA");
    }

    @Test
    void aPartnersCaCannotCertifyANodeOfAnotherDomain() throws Exception {
        // globex's root is trusted (a shared cluster), and globex's CA signs "an acme node"
        X509Certificate[] forged = chain(globex, "spiffe://acme/node/acme-9");
        assertThatThrownBy(() -> trusting(acme, globex).checkClientTrusted(forged, "EdDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("does not chain to acme's own root");
        assertThatThrownBy(() -> trusting(acme, globex).checkServerTrusted(forged, "EdDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void aDomainWhoseRootIsNotTrustedAndCertificatesThatNameNoNodeAreRefused() throws Exception {
        DomainBoundTrust trust = trusting(acme);
        assertThatThrownBy(() -> trust.certified(chain(globex, "spiffe://globex/node/globex-1")))
                .hasMessageContaining("whose root this node does not trust");
        assertThatThrownBy(() -> trust.certified(chain(acme, "spiffe://acme/agent/payments-bot")))
                .hasMessageContaining("names a node");
        assertThatThrownBy(() -> trust.certified(new X509Certificate[0])).hasMessageContaining("no certificate");
    }

    private static CertificateAuthority ca(String domain) {
        try {
            return CertificateAuthority.createRoot(domain, SigningKey.generate(), NOW.minusSeconds(60), Duration.ofDays(3650))
                    .createIntermediate(SigningKey.generate(), NOW.minusSeconds(60), Duration.ofDays(365));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DomainBoundTrust trusting(CertificateAuthority... cas) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (CertificateAuthority ca : cas) {
            store.setCertificateEntry("root-" + ca.domain(), jca(ca.root()));
        }
        return DomainBoundTrust.of(store);
    }

    /** A node certificate from {@code ca} that names {@code uri}, with the chain a node presents. */
    private static X509Certificate[] chain(CertificateAuthority ca, String uri) throws Exception {
        X509CertificateHolder leaf = CertificateAuthority.build(ca.certificate().getSubject(),
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "node").build(),
                X509Signing.publicKeyInfo(SigningKey.generate().verifyingKey()), NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1)),
                ca.key(), List.of(
                        CertificateAuthority.extension(Extension.basicConstraints, new BasicConstraints(false)),
                        CertificateAuthority.extension(Extension.keyUsage, new KeyUsage(KeyUsage.digitalSignature)),
                        CertificateAuthority.extension(Extension.extendedKeyUsage, new ExtendedKeyUsage(new KeyPurposeId[] {
                                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})),
                        IdentityExtensions.uriSan(uri)));
        return new X509Certificate[] {jca(leaf), jca(ca.certificate()), jca(ca.root())};
    }

    private static X509Certificate jca(X509CertificateHolder holder) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
    }
}
