package dev.writ.authority.ca;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.identity.AgentCertificateProfile;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.PepId;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.identity.X509Signing;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * One CA of a domain's agent PKI (docs/sources.md, key hierarchy): the root (self-signed, its key kept offline
 * by the operator) or the intermediate the node issues from. Both carry the trust domain id
 * {@code spiffe://<domain>} as their URI SAN, which is how a verifier knows which agents a root may
 * vouch for. Pure: time and keys come in as arguments.
 *
 * @param chain this CA's certificate first, then its issuers up to (and including) the root
 */
public record CertificateAuthority(String domain, SigningKey key, List<X509CertificateHolder> chain) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public CertificateAuthority {
        chain = List.copyOf(chain);
    }

    public X509CertificateHolder certificate() {
        return chain.get(0);
    }

    public X509CertificateHolder root() {
        return chain.get(chain.size() - 1);
    }

    /** A new self-signed root CA for {@code domain}. */
    public static CertificateAuthority createRoot(String domain, SigningKey key, Instant now, Duration validity)
            throws ProtocolException {
        X500Name name = caName(domain, "Writ root CA");
        X509CertificateHolder cert = build(name, name, X509Signing.publicKeyInfo(key.verifyingKey()), now,
                now.plus(validity), key, caExtensions(domain, 1));
        return new CertificateAuthority(domain, key, List.of(cert));
    }

    /** An intermediate CA under this one, with its own key (the key the node holds online). */
    public CertificateAuthority createIntermediate(SigningKey intermediateKey, Instant now, Duration validity)
            throws ProtocolException {
        X509CertificateHolder cert = build(certificate().getSubject(), caName(domain, "Writ intermediate CA"),
                X509Signing.publicKeyInfo(intermediateKey.verifyingKey()), now, clip(now.plus(validity)), key,
                caExtensions(domain, 0));
        List<X509CertificateHolder> above = new ArrayList<>();
        above.add(cert);
        above.addAll(chain);
        return new CertificateAuthority(domain, intermediateKey, above);
    }

    /**
     * Issues an agent certificate for a verified CSR ({@link AgentCsr#verify}: the proof of possession
     * already held). A CSR for another domain's agent is CERT_WRONG_DOMAIN: a CA certifies its own
     * domain's agents only. The certificate never outlives this CA.
     */
    public X509CertificateHolder issueAgent(AgentCsr.Request request, Instant now, Duration validity)
            throws ProtocolException {
        SpiffeId agent = request.agent();
        if (!agent.domain().equals(domain)) {
            throw new ProtocolException(Fault.CERT_WRONG_DOMAIN, "the CA of domain " + domain
                    + " does not certify " + agent);
        }
        return issueLeaf(agent.name(), request.key(), now, validity, AgentCertificateProfile.PROPOSAL_SIGNING,
                IdentityExtensions.uriSan(agent.uri()), IdentityExtensions.modelHash(request.modelHash()));
    }

    /**
     * Issues a PEP certificate (docs/trust-model.md, "PEP"): {@code pep}'s SPIFFE id, {@code key},
     * the "Writ enforcement" EKU ({@link AgentCertificateProfile#ENFORCEMENT}), no model hash.
     * A PEP of another domain is CERT_WRONG_DOMAIN. The certificate never outlives this CA.
     */
    public X509CertificateHolder issuePep(PepId pep, VerifyingKey key, Instant now, Duration validity)
            throws ProtocolException {
        if (!pep.domain().equals(domain)) {
            throw new ProtocolException(Fault.CERT_WRONG_DOMAIN, "the CA of domain " + domain + " does not certify " + pep);
        }
        return issueLeaf(pep.name(), key, now, validity, AgentCertificateProfile.ENFORCEMENT,
                IdentityExtensions.uriSan(pep.uri()));
    }

    /** An end-entity certificate of this CA: signing only, {@code usage} its one extended key usage. */
    private X509CertificateHolder issueLeaf(String name, VerifyingKey leafKey, Instant now, Duration validity,
                                            ASN1ObjectIdentifier usage, Extension... identity)
            throws ProtocolException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, domain).addRDN(BCStyle.CN, name).build();
        List<Extension> extensions = new ArrayList<>(List.of(
                extension(Extension.basicConstraints, new BasicConstraints(false)),
                extension(Extension.keyUsage, new KeyUsage(KeyUsage.digitalSignature)),
                extension(Extension.extendedKeyUsage, new ExtendedKeyUsage(KeyPurposeId.getInstance(usage)))));
        extensions.addAll(List.of(identity));
        return build(certificate().getSubject(), subject, X509Signing.publicKeyInfo(leafKey), now,
                clip(now.plus(validity)), key, extensions);
    }

    /** The chain an agent presents with {@code leaf}: the leaf, then this CA and its issuers, without the root. */
    public List<byte[]> presentedChain(X509CertificateHolder leaf) {
        List<byte[]> out = new ArrayList<>();
        out.add(encoded(leaf));
        for (X509CertificateHolder ca : chain.subList(0, chain.size() - 1)) {
            out.add(encoded(ca));
        }
        return out;
    }

    public static byte[] encoded(X509CertificateHolder cert) {
        try {
            return cert.getEncoded();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a certificate in memory cannot be encoded", e);
        }
    }

    private Instant clip(Instant notAfter) {
        Instant caEnd = certificate().getNotAfter().toInstant();
        return notAfter.isAfter(caEnd) ? caEnd : notAfter;
    }

    private static X500Name caName(String domain, String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, domain).addRDN(BCStyle.CN, cn + " " + domain).build();
    }

    private static List<Extension> caExtensions(String domain, int pathLength) throws ProtocolException {
        return List.of(
                extension(Extension.basicConstraints, new BasicConstraints(pathLength)),
                extension(Extension.keyUsage, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                IdentityExtensions.uriSan(SpiffeId.trustDomainUri(domain)));
    }

    /** A critical extension: every constraint of the profile is one a verifier must not ignore. */
    public static Extension extension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return new Extension(oid, true, value.toASN1Primitive().getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an extension of ours cannot be encoded", e);
        }
    }

    /** RFC 5280: a positive serial of at most 20 octets; 127 random bits leave no room for guessing. */
    static BigInteger newSerial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    /** A certificate with exactly the given extensions and a fresh serial; the profile is the caller's to follow. */
    public static X509CertificateHolder build(X500Name issuer, X500Name subject, SubjectPublicKeyInfo publicKey,
                                              Instant notBefore, Instant notAfter, SigningKey signer,
                                              List<Extension> extensions) {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, newSerial(), Date.from(notBefore),
                Date.from(notAfter), subject, publicKey);
        try {
            for (Extension e : extensions) {
                builder.addExtension(e);
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("an extension of ours cannot be added", e);
        }
        return builder.build(X509Signing.signer(signer));
    }
}
