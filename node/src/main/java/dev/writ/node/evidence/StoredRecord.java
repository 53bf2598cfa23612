package dev.writ.node.evidence;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.WritIssuance;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the evidence store: the signed record, the artifact bytes it commits to (their
 * SHA-256 is the record's payload hash) and the story (lifecycle key, e.g. a proposal id) it
 * belongs to; the empty story means "none".
 */
public record StoredRecord(VerifiedRecord record, byte[] payload, String story) {
    public StoredRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(story, "story");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public String domain() {
        return record.body().getDomain();
    }

    public String lane() {
        return record.body().getLane();
    }

    public long seq() {
        return record.body().getSeq();
    }

    public EvidenceKind kind() {
        return record.body().getKind();
    }

    public String subject() {
        return record.body().getSubject();
    }

    public String nodeId() {
        return record.body().getNodeId();
    }

    public long timeMillis() {
        return record.body().getTimeMillis();
    }

    /** The issuance of writ {@code jti} among {@code records}, if they hold its ISSUANCE record. */
    public static Optional<WritIssuance> issuance(String jti, List<StoredRecord> records) {
        for (StoredRecord r : records) {
            if (r.kind() == EvidenceKind.ISSUANCE && r.subject().equals(jti)) {
                try {
                    return Optional.of(WritIssuance.parseFrom(r.payload()));
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("the ISSUANCE record of " + jti + " is unreadable", e);
                }
            }
        }
        return Optional.empty();
    }

    /** Where the record sits: "lane#seq", unique within its domain. */
    public String key() {
        return lane() + "#" + seq();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredRecord other && Arrays.equals(record.hash(), other.record.hash())
                && Arrays.equals(payload, other.payload) && story.equals(other.story);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(record.hash()), story);
    }

    @Override
    public String toString() {
        return "StoredRecord[" + domain() + "/" + lane() + "#" + seq() + " " + kind() + " " + subject() + "]";
    }
}
