package dev.writ.protocol.evidence;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.Wire;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.EvidenceBody;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.EvidenceRecord;

/** Seals evidence records onto a lane, and opens (checks) them. */
public final class EvidenceRecords {
    /** A record is a small header around a hash; anything larger is not one of ours. */
    public static final int MAX_RECORD_BYTES = 4 * 1024;

    private EvidenceRecords() {
    }

    /** Signs the next record of the lane at {@code head}. Pure: the caller persists and advances. */
    public static VerifiedRecord seal(SigningKey key, String nodeId, ChainHead head, EvidenceKind kind,
                                      String subject, byte[] payloadHash, long timeMillis) {
        if (payloadHash.length != Hashes.SHA256_LENGTH) {
            throw new IllegalArgumentException("payloadHash must be a SHA-256");
        }
        EvidenceBody body = EvidenceBody.newBuilder()
                .setDomain(head.domain())
                .setLane(head.lane())
                .setSeq(head.nextSeq())
                .setPrevHash(ByteString.copyFrom(head.lastHash()))
                .setTimeMillis(timeMillis)
                .setKind(kind)
                .setSubject(subject)
                .setPayloadHash(ByteString.copyFrom(payloadHash))
                .setNodeId(nodeId)
                .setKeyId(ByteString.copyFrom(key.id().bytes()))
                .build();
        byte[] bodyBytes = body.toByteArray();
        EvidenceRecord record = EvidenceRecord.newBuilder()
                .setBody(ByteString.copyFrom(bodyBytes))
                .setSignature(ByteString.copyFrom(key.sign(SignaturePurpose.EVIDENCE_RECORD, bodyBytes)))
                .build();
        return new VerifiedRecord(record, body, Hashes.sha256(bodyBytes));
    }

    /** Checks the record's signature under a key of the domain it names, then parses it. */
    public static VerifiedRecord open(EvidenceRecord record, KeyRing keys) throws ProtocolException {
        byte[] bodyBytes = record.getBody().toByteArray();
        EvidenceBody body = Wire.parse(EvidenceBody.parser(), bodyBytes, MAX_RECORD_BYTES, "evidence body");
        if (body.getDomain().isEmpty() || body.getLane().isEmpty()) {
            throw new ProtocolException(Fault.MALFORMED, "evidence body names no domain or lane");
        }
        if (body.getPrevHash().size() != Hashes.SHA256_LENGTH || body.getPayloadHash().size() != Hashes.SHA256_LENGTH) {
            throw new ProtocolException(Fault.MALFORMED, "evidence body hashes must be 32 bytes");
        }
        KeyId keyId = KeyId.ofBytes(body.getKeyId().toByteArray());
        keys.require(keyId, body.getDomain())
                .verify(SignaturePurpose.EVIDENCE_RECORD, bodyBytes, record.getSignature().toByteArray());
        return new VerifiedRecord(record, body, Hashes.sha256(bodyBytes));
    }

    /** Opens a record and checks that {@code payload} is the artifact it commits to. */
    public static VerifiedRecord openWithPayload(EvidenceRecord record, byte[] payload, KeyRing keys)
            throws ProtocolException {
        VerifiedRecord opened = open(record, keys);
        if (!java.util.Arrays.equals(Hashes.sha256(payload), opened.body().getPayloadHash().toByteArray())) {
            throw new ProtocolException(Fault.PAYLOAD_MISMATCH, "payload of " + describe(opened.body())
                    + " does not match its payload hash");
        }
        return opened;
    }

    public static String describe(EvidenceBody body) {
        return body.getKind() + " record " + body.getDomain() + "/" + body.getLane() + "#" + body.getSeq();
    }
}
