package dev.writ.protocol.identity;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.writ.protocol.Canonical;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.RedemptionRequest;
import java.util.List;

/**
 * Authenticated PEP requests (docs/trust-model.md, "PEP"): a PEP signs the Canonical bytes of its
 * {@link RedemptionRequest} or {@link OutcomeRequest}, with the credential fields cleared, under its
 * certificate key and purpose PEP_REQUEST, and sends its chain and signature in the request, as an
 * agent signs its proposal ({@link ProposalSigning}). Both messages carry the credential in fields
 * named {@code pep_certificates} and {@code pep_signature}; nothing else is signed this way.
 */
public final class PepSigning {
    private static final String CERTIFICATES = "pep_certificates";
    private static final String SIGNATURE = "pep_signature";

    private PepSigning() {
    }

    /** The PEP's chain as sent, its certificate first. */
    public static List<byte[]> chain(Message request) {
        return certificates(request).stream().map(ByteString::toByteArray).toList();
    }

    /** The signature as sent (empty when unsigned). */
    public static byte[] signature(Message request) {
        return ((ByteString) request.getField(field(request, SIGNATURE))).toByteArray();
    }

    /** True when the request carries any part of a PEP credential (so it must be verified in full). */
    public static boolean carriesCredential(Message request) {
        return !certificates(request).isEmpty() || signature(request).length > 0;
    }

    /** The bytes the PEP signs: the Canonical bytes of the request without its credential. */
    public static byte[] signedBytes(Message request) {
        return Canonical.bytes(request.toBuilder().clearField(field(request, CERTIFICATES))
                .clearField(field(request, SIGNATURE)).build());
    }

    public static RedemptionRequest sign(RedemptionRequest request, SigningKey key, List<byte[]> chain) {
        return (RedemptionRequest) signed(request, key, chain);
    }

    public static OutcomeRequest sign(OutcomeRequest request, SigningKey key, List<byte[]> chain) {
        return (OutcomeRequest) signed(request, key, chain);
    }

    private static Message signed(Message request, SigningKey key, List<byte[]> chain) {
        Message.Builder signed = request.toBuilder().clearField(field(request, CERTIFICATES))
                .clearField(field(request, SIGNATURE));
        for (byte[] der : chain) {
            signed.addRepeatedField(field(request, CERTIFICATES), ByteString.copyFrom(der));
        }
        return signed.setField(field(request, SIGNATURE), ByteString.copyFrom(
                key.sign(SignaturePurpose.PEP_REQUEST, signedBytes(request)))).build();
    }

    @SuppressWarnings("unchecked")
    private static List<ByteString> certificates(Message request) {
        return (List<ByteString>) request.getField(field(request, CERTIFICATES));
    }

    private static FieldDescriptor field(Message request, String name) {
        FieldDescriptor field = request.getDescriptorForType().findFieldByName(name);
        if (field == null) {
            throw new IllegalArgumentException(request.getDescriptorForType().getName() + " carries no PEP credential");
        }
        return field;
    }
}
