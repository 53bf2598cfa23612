package dev.writ.protocol.envelope;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.Wire;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.EnvelopeHeader;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.ProofEnvelope;
import java.util.Arrays;

/**
 * Seals and opens {@link ProofEnvelope}s, the unit of exchange between domains. Opening checks
 * size, structure, the sender's key (registered to the domain the header names: invariant 8),
 * the signature over the exact header bytes, and the payload hash. Lineage (seq, prev hash) is
 * checked by the receiver's continuity tracker, which knows what came before.
 */
public final class Envelopes {
    /** Default largest envelope accepted: proof bundles are the biggest payloads. */
    public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    private static final int MAX_HEADER_BYTES = 1024;

    private Envelopes() {
    }

    public static OpenedEnvelope seal(SigningKey key, EnvelopeType type, String domain, long seq, byte[] prevHash,
                                      byte[] payload, long sentAtMillis) {
        if (type == EnvelopeType.ENVELOPE_TYPE_UNSPECIFIED || type == EnvelopeType.UNRECOGNIZED) {
            throw new IllegalArgumentException("an envelope needs a type");
        }
        if (prevHash.length != Hashes.SHA256_LENGTH) {
            throw new IllegalArgumentException("prevHash must be a SHA-256");
        }
        EnvelopeHeader header = EnvelopeHeader.newBuilder()
                .setType(type)
                .setDomain(domain)
                .setKeyId(ByteString.copyFrom(key.id().bytes()))
                .setSeq(seq)
                .setPrevHash(ByteString.copyFrom(prevHash))
                .setPayloadHash(ByteString.copyFrom(Hashes.sha256(payload)))
                .setSentAtMillis(sentAtMillis)
                .build();
        byte[] headerBytes = header.toByteArray();
        ProofEnvelope envelope = ProofEnvelope.newBuilder()
                .setHeader(ByteString.copyFrom(headerBytes))
                .setPayload(ByteString.copyFrom(payload))
                .setSignature(ByteString.copyFrom(key.sign(SignaturePurpose.ENVELOPE_HEADER, headerBytes)))
                .build();
        return new OpenedEnvelope(envelope, header, payload, Hashes.sha256(headerBytes));
    }

    public static OpenedEnvelope open(byte[] bytes, KeyRing keys) throws ProtocolException {
        return open(bytes, keys, DEFAULT_MAX_BYTES);
    }

    public static OpenedEnvelope open(byte[] bytes, KeyRing keys, int maxBytes) throws ProtocolException {
        ProofEnvelope envelope = Wire.parse(ProofEnvelope.parser(), bytes, maxBytes, "proof envelope");
        byte[] headerBytes = envelope.getHeader().toByteArray();
        EnvelopeHeader header = Wire.parse(EnvelopeHeader.parser(), headerBytes, MAX_HEADER_BYTES, "envelope header");
        if (header.getDomain().isEmpty()) {
            throw new ProtocolException(Fault.MALFORMED, "envelope header names no domain");
        }
        if (header.getType() == EnvelopeType.ENVELOPE_TYPE_UNSPECIFIED || header.getType() == EnvelopeType.UNRECOGNIZED) {
            throw new ProtocolException(Fault.MALFORMED, "envelope header has no known type");
        }
        if (header.getPrevHash().size() != Hashes.SHA256_LENGTH || header.getPayloadHash().size() != Hashes.SHA256_LENGTH) {
            throw new ProtocolException(Fault.MALFORMED, "envelope header hashes must be 32 bytes");
        }
        KeyId keyId = KeyId.ofBytes(header.getKeyId().toByteArray());
        keys.require(keyId, header.getDomain())
                .verify(SignaturePurpose.ENVELOPE_HEADER, headerBytes, envelope.getSignature().toByteArray());
        byte[] payload = envelope.getPayload().toByteArray();
        if (!Arrays.equals(Hashes.sha256(payload), header.getPayloadHash().toByteArray())) {
            throw new ProtocolException(Fault.PAYLOAD_MISMATCH,
                    "envelope " + header.getDomain() + "#" + header.getSeq() + " payload does not match its header");
        }
        return new OpenedEnvelope(envelope, header, payload, Hashes.sha256(headerBytes));
    }
}
