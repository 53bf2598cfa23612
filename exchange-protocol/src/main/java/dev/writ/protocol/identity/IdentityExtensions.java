package dev.writ.protocol.identity;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** Reads and builds the identity extensions of the profile: the one URI SAN and the model hash. */
public final class IdentityExtensions {
    private IdentityExtensions() {
    }

    public static Extension uriSan(String uri) throws ProtocolException {
        try {
            return new Extension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)).getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a SAN of ours cannot be encoded", e);
        }
    }

    public static Extension modelHash(byte[] hash) throws ProtocolException {
        requireModelHash(hash);
        try {
            return new Extension(AgentCertificateProfile.MODEL_HASH, false, new DEROctetString(hash).getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a model hash cannot be encoded", e);
        }
    }

    /** The single URI in the subject alternative names; none, several or other kinds of name is CERT_MALFORMED. */
    public static String singleUri(Extensions extensions) throws ProtocolException {
        try {
            GeneralNames names = extensions == null ? null
                    : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (names == null || names.getNames().length != 1
                    || names.getNames()[0].getTagNo() != GeneralName.uniformResourceIdentifier) {
                throw new ProtocolException(Fault.CERT_MALFORMED, "the profile wants exactly one URI subject alternative name");
            }
            return names.getNames()[0].getName().toString();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "unreadable subject alternative name: " + e.getMessage());
        }
    }

    /** The 32-byte model provenance hash; missing or of another length is CERT_MALFORMED. */
    public static byte[] modelHashOf(Extensions extensions) throws ProtocolException {
        Extension ext = extensions == null ? null : extensions.getExtension(AgentCertificateProfile.MODEL_HASH);
        if (ext == null) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "no model provenance hash extension ("
                    + AgentCertificateProfile.MODEL_HASH + ")");
        }
        try {
            byte[] hash = ASN1OctetString.getInstance(ext.getParsedValue()).getOctets();
            requireModelHash(hash);
            return hash;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "the model hash extension is not an OCTET STRING");
        }
    }

    private static void requireModelHash(byte[] hash) throws ProtocolException {
        if (hash == null || hash.length != AgentCertificateProfile.MODEL_HASH_LENGTH) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "a model provenance hash is a 32-byte SHA-256");
        }
    }
}
