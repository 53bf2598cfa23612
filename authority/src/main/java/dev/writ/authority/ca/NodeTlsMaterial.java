package dev.writ.authority.ca;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SecretFiles;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.X509Signing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * What a node needs for Artery TLS with mutual authentication ({@code transport = tls-tcp};
 * docs/decisions.md, D22): an Ed25519 node certificate from the domain's
 * intermediate (SPIFFE id {@code spiffe://<domain>/node/<id>}, TLS server and client auth), a PKCS12
 * key store holding it with its chain, a PKCS12 trust store holding only the domain's root, and the
 * HOCON that points Pekko at them. A node whose certificate does not chain to this root cannot join.
 * Rotation: writing new material for a node whose files exist keeps their paths and password and
 * replaces each store atomically; the running node (its {@link #NODE_SSL_ENGINE_PROVIDER}) uses the
 * new certificate for its next connections, without a restart. The root, and so the trust, is unchanged.
 */
public final class NodeTlsMaterial {
    public static final String KEY_ALIAS = "node";
    public static final String ROOT_ALIAS = "domain-root";
    /**
     * The node's reloading Artery SSL engine provider, by name: the CA is built without the node, and
     * the node's tests check that this names its class.
     */
    public static final String NODE_SSL_ENGINE_PROVIDER = "dev.writ.node.identity.ReloadingSslEngineProvider";

    /** The files written for one node. */
    public record TlsFiles(Path keyStore, Path trustStore, Path config) {
    }

    private NodeTlsMaterial() {
    }

    public static TlsFiles write(CertificateAuthority ca, String nodeId, Path dir, Instant now, Duration validity)
            throws IOException, ProtocolException {
        if (!nodeId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new IllegalArgumentException("not a node id: '" + nodeId + "'");
        }
        SigningKey key = SigningKey.generate();
        X509CertificateHolder cert = CertificateAuthority.build(ca.certificate().getSubject(),
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, ca.domain()).addRDN(BCStyle.CN, nodeId).build(),
                X509Signing.publicKeyInfo(key.verifyingKey()), now, clip(ca, now.plus(validity)), ca.key(), List.of(
                        CertificateAuthority.extension(Extension.basicConstraints, new BasicConstraints(false)),
                        CertificateAuthority.extension(Extension.keyUsage, new KeyUsage(KeyUsage.digitalSignature)),
                        CertificateAuthority.extension(Extension.extendedKeyUsage, new ExtendedKeyUsage(new KeyPurposeId[] {
                                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})),
                        IdentityExtensions.uriSan("spiffe://" + ca.domain() + "/node/" + nodeId)));
        java.nio.file.Files.createDirectories(dir);
        Path keyStore = dir.resolve(nodeId + "-keystore.p12");
        Path trustStore = dir.resolve(nodeId + "-truststore.p12");
        Path config = dir.resolve(nodeId + "-tls.conf");
        String password = existingPassword(config).orElseGet(NodeTlsMaterial::password);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            Certificate[] chain = new Certificate[ca.chain().size() + 1];
            chain[0] = jca(cert);
            for (int i = 0; i < ca.chain().size(); i++) {
                chain[i + 1] = jca(ca.chain().get(i));
            }
            keys.setKeyEntry(KEY_ALIAS, jca(key), password.toCharArray(), chain);
            store(keys, keyStore, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ROOT_ALIAS, jca(ca.root()));
            store(trust, trustStore, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot hold an Ed25519 node key in PKCS12", e);
        }
        secret(config, hocon(keyStore, trustStore, password));
        return new TlsFiles(keyStore, trustStore, config);
    }

    /** The password of material written before for this node: a rotation keeps it, so the running node can read the new stores. */
    private static java.util.Optional<String> existingPassword(Path config) {
        if (!java.nio.file.Files.exists(config)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(com.typesafe.config.ConfigFactory.parseFile(config.toFile())
                    .getString("pekko.remote.artery.ssl.config-ssl-engine.key-store-password"));
        } catch (com.typesafe.config.ConfigException e) {
            return java.util.Optional.empty(); // not ours, or damaged: fresh material with a new password
        }
    }

    /** The Pekko settings for mutual TLS between a domain's nodes; include the file in the node's configuration. */
    static String hocon(Path keyStore, Path trustStore, String password) {
        return "# Artery TLS with mutual authentication (written by `writ ca node-tls`). Keep this file private:\n"
                + "# it holds the key store password.\n"
                + "pekko.remote.artery.transport = tls-tcp\n"
                + "pekko.remote.artery.ssl.ssl-engine-provider = \"" + NODE_SSL_ENGINE_PROVIDER + "\"\n"
                + "pekko.remote.artery.ssl.config-ssl-engine {\n"
                + "  key-store = " + quote(keyStore) + "\n"
                + "  trust-store = " + quote(trustStore) + "\n"
                + "  key-store-password = \"" + password + "\"\n"
                + "  key-password = \"" + password + "\"\n"
                + "  trust-store-password = \"" + password + "\"\n"
                + "  protocol = \"TLSv1.3\"\n"
                + "  enabled-algorithms = [\"TLS_AES_256_GCM_SHA384\", \"TLS_AES_128_GCM_SHA256\"]\n"
                + "  require-mutual-authentication = on\n"
                + "}\n";
    }

    private static String quote(Path p) {
        return "\"" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static java.time.Instant clip(CertificateAuthority ca, Instant notAfter) {
        Instant end = ca.certificate().getNotAfter().toInstant();
        return notAfter.isAfter(end) ? end : notAfter;
    }

    private static String password() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static X509Certificate jca(X509CertificateHolder cert) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(CertificateAuthority.encoded(cert)));
    }

    private static PrivateKey jca(SigningKey key) throws GeneralSecurityException {
        String pem = KeyEncoding.toPem(key).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    /** Written beside the target, then moved over it: a node reloading the store never reads half a file. */
    private static void store(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, password.toCharArray());
        SecretFiles.replace(file, bytes.toByteArray());
    }

    private static void secret(Path file, String text) throws IOException {
        SecretFiles.replace(file, text);
    }
}
