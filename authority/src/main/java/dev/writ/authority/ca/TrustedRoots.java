package dev.writ.authority.ca;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.identity.X509Signing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The partner roots in a node's PKCS12 trust store (the one {@code writ ca node-tls} writes, which
 * starts with only the domain's own root under {@link NodeTlsMaterial#ROOT_ALIAS}): what an
 * organisation joining or leaving a shared cluster changes (docs/decisions.md, D65). A root is
 * added only when its SHA-256 fingerprint matches the one compared out of band and it is a
 * self-signed CA root naming its trust domain ({@code spiffe://<domain>}, which DomainBoundTrust
 * binds it to); the store is written beside the old one and moved over it atomically, so the
 * node's reloading TLS context never reads half a store and uses the new one for its next
 * connections without a restart.
 */
public final class TrustedRoots {
    /** Largest root certificate file read (a root is a few hundred bytes). */
    public static final int MAX_ROOT_BYTES = 64 * 1024;
    private static final String ALIAS_PREFIX = "root-";

    /** A root in a trust store: the trust domain it vouches for and its SHA-256 fingerprint (hex). */
    public record Root(String alias, String domain, String fingerprint, Instant notAfter) {
    }

    /** Why a root is not added or removed, with a stable code. */
    public static final class Refused extends Exception {
        private final String code;

        Refused(String code, String detail) {
            super(detail, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private TrustedRoots() {
    }

    /** The lower-case hex SHA-256 of a certificate's DER encoding: what operators compare out of band. */
    public static String fingerprint(byte[] der) {
        return HexFormat.of().formatHex(Hashes.sha256(der));
    }

    /** The DER of the single certificate in a PEM (or DER) file of at most {@link #MAX_ROOT_BYTES}. */
    public static byte[] readCertificate(Path file) throws IOException, Refused {
        if (Files.size(file) > MAX_ROOT_BYTES) {
            throw new Refused("MALFORMED", file + " is larger than " + MAX_ROOT_BYTES + " bytes");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return x509().generateCertificate(in).getEncoded();
        } catch (CertificateException e) {
            throw new Refused("MALFORMED", file + " holds no X.509 certificate: " + e.getMessage());
        }
    }

    /**
     * Checks {@code der} as a root to trust at {@code now}: its fingerprint is {@code expected}
     * (hex, case and colons ignored), it is self-signed, a CA, unexpired, and names its trust domain.
     */
    public static Root check(byte[] der, String expected, Instant now) throws Refused {
        String fingerprint = fingerprint(der);
        if (!fingerprint.equals(normalise(expected))) {
            throw new Refused("FINGERPRINT_MISMATCH", "the root's SHA-256 is " + fingerprint + ", not " + expected
                    + ": do not trust it; compare again with its owner out of band");
        }
        try {
            X509CertificateHolder holder = new X509CertificateHolder(der);
            X509Signing.requireSignedBy(holder, X509Signing.keyOf(holder.getSubjectPublicKeyInfo()));
            X509Certificate cert = certificate(der);
            if (cert.getBasicConstraints() < 0) {
                throw new Refused("NOT_A_ROOT", "the certificate is not a CA certificate");
            }
            if (!cert.getNotAfter().toInstant().isAfter(now) || cert.getNotBefore().toInstant().isAfter(now)) {
                throw new Refused("ROOT_EXPIRED", "the root is valid only from " + cert.getNotBefore().toInstant()
                        + " until " + cert.getNotAfter().toInstant());
            }
            String domain = SpiffeId.parseTrustDomain(IdentityExtensions.singleUri(holder.getExtensions()));
            return new Root(ALIAS_PREFIX + fingerprint.substring(0, 16), domain, fingerprint, cert.getNotAfter().toInstant());
        } catch (IOException e) {
            throw new Refused("MALFORMED", "not a certificate: " + e.getMessage());
        } catch (ProtocolException e) {
            throw new Refused("NOT_A_ROOT", "not a self-signed root naming its trust domain: " + e.detail());
        }
    }

    /** The roots in the store, its own domain's first. */
    public static List<Root> list(Path store, String password) throws IOException {
        KeyStore trust = load(store, password);
        List<Root> roots = new ArrayList<>();
        try {
            for (String alias : Collections.list(trust.aliases())) {
                X509Certificate cert = (X509Certificate) trust.getCertificate(alias);
                if (cert == null) {
                    continue;
                }
                byte[] der = cert.getEncoded();
                String domain;
                try {
                    domain = SpiffeId.parseTrustDomain(IdentityExtensions.singleUri(new X509CertificateHolder(der).getExtensions()));
                } catch (ProtocolException e) {
                    domain = "(none: vouches for nothing)";
                }
                Root root = new Root(alias, domain, fingerprint(der), cert.getNotAfter().toInstant());
                roots.add(alias.equals(NodeTlsMaterial.ROOT_ALIAS) ? 0 : roots.size(), root);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the roots of " + store + ": " + e.getMessage(), e);
        }
        return List.copyOf(roots);
    }

    /**
     * Adds {@code der} (a root {@link #check}ed) to the store unless it holds it already; returns
     * whether the store changed.
     */
    public static boolean add(Path store, String password, byte[] der) throws IOException {
        KeyStore trust = load(store, password);
        try {
            X509Certificate root = certificate(der);
            if (trust.getCertificateAlias(root) != null) {
                return false;
            }
            trust.setCertificateEntry(ALIAS_PREFIX + fingerprint(der).substring(0, 16), root);
        } catch (GeneralSecurityException | Refused e) {
            throw new IOException("cannot add a root to " + store + ": " + e.getMessage(), e);
        }
        replace(store, password, trust);
        return true;
    }

    /** Adds each of {@code roots} (DER) the store does not hold yet, as {@link #add} does. */
    public static void addAll(Path store, String password, List<byte[]> roots) throws IOException {
        for (byte[] der : roots) {
            add(store, password, der);
        }
    }

    /**
     * Removes the root whose fingerprint is {@code fingerprint} (hex); the domain's own root is
     * never removed (OWN_ROOT), an unknown fingerprint is refused (UNKNOWN_ROOT).
     */
    public static Root remove(Path store, String password, String fingerprint) throws IOException, Refused {
        String wanted = normalise(fingerprint);
        for (Root root : list(store, password)) {
            if (root.fingerprint().equals(wanted)) {
                if (root.alias().equals(NodeTlsMaterial.ROOT_ALIAS)) {
                    throw new Refused("OWN_ROOT", "the root of the node's own domain (" + root.domain() + ") stays");
                }
                KeyStore trust = load(store, password);
                try {
                    trust.deleteEntry(root.alias());
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot remove a root from " + store + ": " + e.getMessage(), e);
                }
                replace(store, password, trust);
                return root;
            }
        }
        throw new Refused("UNKNOWN_ROOT", store + " holds no root with SHA-256 " + wanted);
    }

    private static String normalise(String hex) {
        return hex.strip().replace(":", "").toLowerCase(Locale.ROOT);
    }

    private static KeyStore load(Path store, String password) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, password.toCharArray());
            return trust;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot open the trust store " + store + ": " + e.getMessage(), e);
        }
    }

    /** Writes the store beside the old one and moves it over it in one step (the node never reads half a store). */
    private static void replace(Path store, String password, KeyStore trust) throws IOException {
        Path next = store.resolveSibling(store.getFileName() + ".next");
        try (OutputStream out = Files.newOutputStream(next)) {
            trust.store(out, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the trust store " + next + ": " + e.getMessage(), e);
        }
        Files.move(next, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static X509Certificate certificate(byte[] der) throws Refused {
        try {
            return (X509Certificate) x509().generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new Refused("MALFORMED", "not an X.509 certificate: " + e.getMessage());
        }
    }

    private static CertificateFactory x509() {
        try {
            return CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
    }
}
