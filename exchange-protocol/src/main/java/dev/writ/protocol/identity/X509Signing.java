package dev.writ.protocol.identity;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.crypto.VerifyingKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Ed25519 for X.509 on our own {@link SigningKey}/{@link VerifyingKey} (BouncyCastle's lightweight
 * API, ~20× faster here than the JDK's Ed25519), so no JCA provider has to be installed and the
 * hot path (a chain check on every signed proposal) stays cheap.
 */
public final class X509Signing {
    public static final AlgorithmIdentifier ED25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);

    private X509Signing() {
    }

    /** A BouncyCastle content signer that signs the to-be-signed DER with the key. */
    public static ContentSigner signer(SigningKey key) {
        ByteArrayOutputStream tbs = new ByteArrayOutputStream();
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return ED25519;
            }

            @Override
            public OutputStream getOutputStream() {
                return tbs;
            }

            @Override
            public byte[] getSignature() {
                return key.sign(SignaturePurpose.X509, tbs.toByteArray());
            }
        };
    }

    public static SubjectPublicKeyInfo publicKeyInfo(VerifyingKey key) {
        return new SubjectPublicKeyInfo(ED25519, key.raw());
    }

    /** The Ed25519 key of a SubjectPublicKeyInfo; another algorithm is CERT_KEY_MISMATCH (the profile is Ed25519 only). */
    public static VerifyingKey keyOf(SubjectPublicKeyInfo info) throws ProtocolException {
        if (info == null || !ED25519.equals(info.getAlgorithm())) {
            throw new ProtocolException(Fault.CERT_KEY_MISMATCH, "the certified key is not Ed25519");
        }
        try {
            return VerifyingKey.fromRaw(info.getPublicKeyData().getOctets());
        } catch (ProtocolException | IllegalStateException e) {
            throw new ProtocolException(Fault.CERT_KEY_MISMATCH, "the certified key is not a valid Ed25519 key");
        }
    }

    /** Checks that {@code issuerKey} signed the certificate; anything else is CERT_WRONG_CA. */
    public static void requireSignedBy(X509CertificateHolder cert, VerifyingKey issuerKey) throws ProtocolException {
        if (!ED25519.equals(cert.getSignatureAlgorithm())) {
            throw new ProtocolException(Fault.CERT_WRONG_CA, "certificate " + cert.getSubject()
                    + " is not signed with Ed25519, so no Writ CA signed it");
        }
        byte[] tbs;
        try {
            tbs = cert.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "certificate cannot be re-encoded: " + e.getMessage());
        }
        try {
            issuerKey.verify(SignaturePurpose.X509, tbs, cert.getSignature());
        } catch (ProtocolException e) {
            throw new ProtocolException(Fault.CERT_WRONG_CA, "certificate " + cert.getSubject()
                    + " was not signed by the CA key " + issuerKey.id());
        }
    }

    /**
     * Checks that {@code key}, the key a verified certificate certifies for {@code holder}, made
     * {@code signature} over {@code message} for {@code purpose}; otherwise CERT_KEY_MISMATCH.
     */
    public static void requireCertifiedSignature(VerifyingKey key, SignaturePurpose purpose,
                                                 byte[] message, byte[] signature, String holder) throws ProtocolException {
        try {
            key.verify(purpose, message, signature);
        } catch (ProtocolException e) {
            throw new ProtocolException(Fault.CERT_KEY_MISMATCH, "the " + purpose + " signature was not made with the key"
                    + " certified for " + holder);
        }
    }
}
