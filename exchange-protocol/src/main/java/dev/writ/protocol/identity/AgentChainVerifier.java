package dev.writ.protocol.identity;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.VerifyingKey;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Verifies an agent certificate chain against one domain's root CA: the check a node makes at
 * admission and a partner or PEP makes offline; and, by the same path with the PEP profile, a
 * PEP's chain ({@link #verifyPep}). Pure: the time and the revocation source come in
 * as arguments. Each way a chain fails has its own {@link Fault} (CERT_*), checked in this order:
 * size, parsing, chain to the root, validity window, key usage, SPIFFE domain, revocation.
 */
public final class AgentChainVerifier {
    private final X509CertificateHolder root;
    private final VerifyingKey rootKey;
    private final String domain;
    private final int maxChainLength;
    private final int maxCertificateBytes;

    private AgentChainVerifier(X509CertificateHolder root, VerifyingKey rootKey, String domain, int maxChainLength,
                               int maxCertificateBytes) {
        this.root = root;
        this.rootKey = rootKey;
        this.domain = domain;
        this.maxChainLength = maxChainLength;
        this.maxCertificateBytes = maxCertificateBytes;
    }

    /** A verifier trusting {@code rootDer}, a self-signed Writ root CA carrying {@code spiffe://<domain>}. */
    public static AgentChainVerifier forRoot(byte[] rootDer, int maxChainLength, int maxCertificateBytes)
            throws ProtocolException {
        X509CertificateHolder root = parse(rootDer, maxCertificateBytes);
        VerifyingKey key = X509Signing.keyOf(root.getSubjectPublicKeyInfo());
        X509Signing.requireSignedBy(root, key);
        requireCa(root);
        String domain = SpiffeId.parseTrustDomain(IdentityExtensions.singleUri(root.getExtensions()));
        return new AgentChainVerifier(root, key, domain, maxChainLength, maxCertificateBytes);
    }

    public static AgentChainVerifier forRoot(byte[] rootDer) throws ProtocolException {
        return forRoot(rootDer, AgentCertificateProfile.DEFAULT_MAX_CHAIN_LENGTH,
                AgentCertificateProfile.DEFAULT_MAX_CERTIFICATE_BYTES);
    }

    /** The domain whose root this verifier trusts. */
    public String domain() {
        return domain;
    }

    public int maxChainLength() {
        return maxChainLength;
    }

    public int maxCertificateBytes() {
        return maxCertificateBytes;
    }

    /**
     * Verifies {@code chain} (the agent certificate first, then its issuers; the root itself may be
     * left out) at {@code now}, and returns who it certifies.
     */
    public VerifiedAgent verify(List<byte[]> chain, Instant now, RevocationCheck revocations) throws ProtocolException {
        X509CertificateHolder leaf = verifiedLeaf(chain, now, AgentCertificateProfile.PROPOSAL_SIGNING,
                "an agent certificate", "Writ proposal signing");
        SpiffeId agent = SpiffeId.parse(IdentityExtensions.singleUri(leaf.getExtensions()));
        requireOwnDomain(agent.domain(), agent.toString());
        VerifyingKey key = X509Signing.keyOf(leaf.getSubjectPublicKeyInfo());
        byte[] modelHash = IdentityExtensions.modelHashOf(leaf.getExtensions());
        BigInteger serial = leaf.getSerialNumber();
        Optional<String> revoked = revocations.revocationOf(serial, agent, key.id());
        if (revoked.isPresent()) {
            throw new ProtocolException(Fault.CERT_REVOKED, "certificate " + serial.toString(16) + " of " + agent
                    + " is revoked: " + revoked.get());
        }
        return new VerifiedAgent(agent, serial, key, modelHash, leaf.getNotAfter().toInstant(),
                Hashes.sha256(encoded(leaf)));
    }

    /**
     * Verifies a PEP's {@code chain} (its certificate first) at {@code now} by the same checks as an
     * agent's, with the PEP profile ({@link AgentCertificateProfile#ENFORCEMENT}, a
     * {@code spiffe://<domain>/pep/<name>} id): who it certifies. Revocation is the caller's (a
     * node checks the certified key against its ledger).
     */
    public VerifiedPep verifyPep(List<byte[]> chain, Instant now) throws ProtocolException {
        X509CertificateHolder leaf = verifiedLeaf(chain, now, AgentCertificateProfile.ENFORCEMENT,
                "a PEP certificate", "Writ enforcement");
        PepId pep = PepId.parse(IdentityExtensions.singleUri(leaf.getExtensions()));
        requireOwnDomain(pep.domain(), pep.toString());
        return new VerifiedPep(pep, leaf.getSerialNumber(), X509Signing.keyOf(leaf.getSubjectPublicKeyInfo()),
                leaf.getNotAfter().toInstant());
    }

    /**
     * The checks every leaf profile shares, in order: size, parsing, chain to the root (each
     * intermediate of this domain), validity window, key usage digitalSignature only with
     * {@code eku} as the extended key usage. Answers the leaf.
     */
    private X509CertificateHolder verifiedLeaf(List<byte[]> chain, Instant now, ASN1ObjectIdentifier eku, String profile,
                                               String ekuName) throws ProtocolException {
        if (chain == null || chain.isEmpty()) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "no certificate chain");
        }
        if (chain.size() > maxChainLength) {
            throw new ProtocolException(Fault.CERT_CHAIN_OVERSIZED, "a chain of " + chain.size()
                    + " certificates exceeds the bound of " + maxChainLength);
        }
        List<X509CertificateHolder> certs = new ArrayList<>(chain.size());
        for (byte[] der : chain) {
            certs.add(parse(der, maxCertificateBytes));
        }
        if (certs.size() > 1 && certs.get(certs.size() - 1).equals(root)) {
            certs.remove(certs.size() - 1);
        }
        requireChainsToRoot(certs);
        for (X509CertificateHolder cert : certs) {
            requireWithinValidity(cert, now);
        }
        requireWithinValidity(root, now);
        X509CertificateHolder leaf = certs.get(0);
        requireSigningOnly(leaf, eku, profile, ekuName);
        for (X509CertificateHolder ca : certs.subList(1, certs.size())) {
            String caDomain = SpiffeId.parseTrustDomain(IdentityExtensions.singleUri(ca.getExtensions()));
            if (!caDomain.equals(domain)) {
                throw new ProtocolException(Fault.CERT_WRONG_DOMAIN, "intermediate CA " + ca.getSubject()
                        + " belongs to domain " + caDomain + ", not " + domain);
            }
        }
        return leaf;
    }

    private void requireOwnDomain(String certified, String who) throws ProtocolException {
        if (!certified.equals(domain)) {
            throw new ProtocolException(Fault.CERT_WRONG_DOMAIN, "certificate for " + who
                    + " was verified against the root of domain " + domain);
        }
    }

    /**
     * The last instant at which {@code chain}, once {@link #verify} accepted it, is still within every
     * validity window that check reads: the earliest expiry of its certificates and of the root. For
     * a node that keeps a verified chain and must stop trusting it when the first of them expires.
     */
    public Instant validUntil(List<byte[]> chain) throws ProtocolException {
        Date earliest = root.getNotAfter();
        for (byte[] der : chain) {
            Date notAfter = parse(der, maxCertificateBytes).getNotAfter();
            if (notAfter.before(earliest)) {
                earliest = notAfter;
            }
        }
        return earliest.toInstant();
    }

    private void requireChainsToRoot(List<X509CertificateHolder> certs) throws ProtocolException {
        for (int i = 0; i < certs.size(); i++) {
            X509CertificateHolder cert = certs.get(i);
            X509CertificateHolder issuer = i + 1 < certs.size() ? certs.get(i + 1) : root;
            if (!cert.getIssuer().equals(issuer.getSubject())) {
                throw new ProtocolException(Fault.CERT_WRONG_CA, "certificate " + cert.getSubject() + " names issuer "
                        + cert.getIssuer() + ", which is not " + issuer.getSubject()
                        + (issuer == root ? " (the root of domain " + domain + ")" : ""));
            }
            if (issuer != root) {
                requireCa(issuer);
            }
            X509Signing.requireSignedBy(cert, issuer == root ? rootKey : X509Signing.keyOf(issuer.getSubjectPublicKeyInfo()));
        }
    }

    private static void requireCa(X509CertificateHolder cert) throws ProtocolException {
        BasicConstraints bc = BasicConstraints.fromExtensions(cert.getExtensions());
        KeyUsage ku = KeyUsage.fromExtensions(cert.getExtensions());
        if (bc == null || !bc.isCA() || ku == null || !ku.hasUsages(KeyUsage.keyCertSign)) {
            throw new ProtocolException(Fault.CERT_WRONG_CA, "certificate " + cert.getSubject()
                    + " is not a CA certificate, so it cannot issue");
        }
    }

    private static void requireWithinValidity(X509CertificateHolder cert, Instant now) throws ProtocolException {
        Date at = Date.from(now);
        if (at.before(cert.getNotBefore())) {
            throw new ProtocolException(Fault.CERT_NOT_YET_VALID, "certificate " + cert.getSubject()
                    + " is valid from " + cert.getNotBefore().toInstant() + ", it is " + now);
        }
        if (at.after(cert.getNotAfter())) {
            throw new ProtocolException(Fault.CERT_EXPIRED, "certificate " + cert.getSubject()
                    + " expired at " + cert.getNotAfter().toInstant() + ", it is " + now);
        }
    }

    private static void requireSigningOnly(X509CertificateHolder leaf, ASN1ObjectIdentifier eku, String profile,
                                           String ekuName) throws ProtocolException {
        BasicConstraints bc = BasicConstraints.fromExtensions(leaf.getExtensions());
        KeyUsage ku = KeyUsage.fromExtensions(leaf.getExtensions());
        ExtendedKeyUsage usages = ExtendedKeyUsage.fromExtensions(leaf.getExtensions());
        boolean usageExact = ku != null && ku.hasUsages(KeyUsage.digitalSignature)
                && Arrays.equals(ku.getBytes(), new KeyUsage(KeyUsage.digitalSignature).getBytes());
        boolean profiled = usages != null && usages.hasKeyPurposeId(KeyPurposeId.getInstance(eku));
        if ((bc != null && bc.isCA()) || !usageExact || !profiled) {
            throw new ProtocolException(Fault.CERT_WRONG_KEY_USAGE, "certificate " + leaf.getSubject()
                    + " is not " + profile + ": the profile wants key usage digitalSignature only, extended key usage "
                    + eku + " (" + ekuName + "), and no CA flag");
        }
    }

    static X509CertificateHolder parse(byte[] der, int maxBytes) throws ProtocolException {
        if (der == null || der.length == 0) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "an empty certificate");
        }
        if (der.length > maxBytes) {
            throw new ProtocolException(Fault.CERT_CHAIN_OVERSIZED, "a certificate of " + der.length
                    + " bytes exceeds the bound of " + maxBytes);
        }
        try {
            X509CertificateHolder cert = new X509CertificateHolder(der);
            if (!Arrays.equals(encoded(cert), der)) {
                throw new ProtocolException(Fault.CERT_MALFORMED, "the certificate is not in DER (or has trailing bytes)");
            }
            return cert;
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "not an X.509 certificate: " + e.getMessage());
        }
    }

    private static byte[] encoded(X509CertificateHolder cert) throws ProtocolException {
        try {
            return cert.getEncoded();
        } catch (IOException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "certificate cannot be re-encoded");
        }
    }
}
