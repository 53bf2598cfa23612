package dev.writ.protocol.identity;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.crypto.VerifyingKey;
import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/**
 * An agent's certificate signing request (PKCS#10): the SPIFFE id and model hash it asks for, and
 * its public key, signed with the matching private key. That signature is the proof of possession:
 * a CA never certifies a key whose holder did not sign the request. The private key stays with the agent.
 */
public final class AgentCsr {
    /** A CSR of this profile is a few hundred bytes; bound what a node reads. */
    public static final int MAX_PEM_CHARS = 8192;

    /** What a verified CSR asks for. */
    public record Request(SpiffeId agent, VerifyingKey key, byte[] modelHash) {
    }

    private AgentCsr() {
    }

    /** The agent side: a CSR for {@code agent} running the model with {@code modelHash}, signed by {@code key}. */
    public static byte[] create(SigningKey key, SpiffeId agent, byte[] modelHash) throws ProtocolException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, agent.domain()).addRDN(BCStyle.CN, agent.name()).build();
        Extensions requested = new Extensions(new org.bouncycastle.asn1.x509.Extension[] {
                IdentityExtensions.uriSan(agent.uri()), IdentityExtensions.modelHash(modelHash)});
        try {
            return new PKCS10CertificationRequestBuilder(subject, X509Signing.publicKeyInfo(key.verifyingKey()))
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested)
                    .build(X509Signing.signer(key))
                    .getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("a CSR of ours cannot be encoded", e);
        }
    }

    public static String createPem(SigningKey key, SpiffeId agent, byte[] modelHash) throws ProtocolException {
        return Pem.encode(Pem.CERTIFICATE_REQUEST, create(key, agent, modelHash));
    }

    /** The CA side: parses the CSR and checks its proof of possession (CERT_MALFORMED, CERT_KEY_MISMATCH). */
    public static Request verify(byte[] der) throws ProtocolException {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "not a PKCS#10 certificate request: " + e.getMessage());
        }
        VerifyingKey key = X509Signing.keyOf(csr.getSubjectPublicKeyInfo());
        if (!X509Signing.ED25519.equals(csr.getSignatureAlgorithm())) {
            throw new ProtocolException(Fault.CERT_KEY_MISMATCH, "the request is not signed with Ed25519");
        }
        byte[] info;
        try {
            info = csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "the request cannot be re-encoded");
        }
        try {
            key.verify(SignaturePurpose.X509, info, csr.getSignature());
        } catch (ProtocolException e) {
            throw new ProtocolException(Fault.CERT_KEY_MISMATCH,
                    "the request is not signed by the key it asks to certify (no proof of possession)");
        }
        Extensions requested;
        try {
            requested = csr.getRequestedExtensions();
        } catch (RuntimeException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "unreadable requested extensions: " + e.getMessage());
        }
        SpiffeId agent = SpiffeId.parse(IdentityExtensions.singleUri(requested));
        return new Request(agent, key, IdentityExtensions.modelHashOf(requested));
    }

    public static Request verifyPem(String pem) throws ProtocolException {
        return verify(Pem.decodeOne(pem, Pem.CERTIFICATE_REQUEST, MAX_PEM_CHARS));
    }
}
