package dev.writ.node.exchange;

import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.IssuanceLineage;
import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves partners the lineage of a writ this domain issued: its ISSUANCE record and payload, and
 * the same lane's records after it up to the head the partner holds from this domain's beacons, so
 * the partner can follow the hash chain from the issuance to a head this domain attested. Blocking.
 */
public final class IssuanceLineages {
    /** The refusal when the partner's beacons do not reach the issuance yet: it waits for the next beacon. */
    public static final String NOT_YET_ATTESTED = "NOT_YET_ATTESTED";

    private final EvidenceStore store;
    private final String domain;
    private final int maxRecords;

    public IssuanceLineages(EvidenceStore store, String domain, int maxRecords) {
        this.store = store;
        this.domain = domain;
        this.maxRecords = maxRecords;
    }

    ExchangeEndpoint.LineageAnswer lineage(String jti, Map<String, Long> attestedHeads) {
        Optional<StoredRecord> issuance = store.story(domain, jti).stream()
                .filter(r -> r.kind() == EvidenceKind.ISSUANCE && r.subject().equals(jti)).findFirst();
        if (issuance.isEmpty()) {
            return refusal("domain " + domain + " has no issuance of writ " + jti);
        }
        StoredRecord record = issuance.get();
        Long head = attestedHeads.get(record.lane());
        if (head == null || head < record.seq()) {
            return refusal(NOT_YET_ATTESTED + ": the issuance is " + record.lane() + "#" + record.seq()
                    + ", the asker's latest beacon attests " + (head == null ? "nothing of that lane" : "up to #" + head));
        }
        if (head - record.seq() > maxRecords) {
            return refusal("the issuance of " + jti + " is " + (head - record.seq()) + " records behind the attested head"
                    + " of lane " + record.lane() + ", more than " + maxRecords);
        }
        IssuanceLineage.Builder lineage = IssuanceLineage.newBuilder()
                .setIssuance(record.record().record())
                .setPayload(ByteString.copyFrom(record.payload()));
        List<StoredRecord> following = head > record.seq()
                ? store.range(domain, record.lane(), record.seq() + 1, head) : List.of();
        following.forEach(r -> lineage.addFollowing(r.record().record()));
        return new ExchangeEndpoint.LineageAnswer(lineage.build().toByteArray(), "");
    }

    private static ExchangeEndpoint.LineageAnswer refusal(String why) {
        return new ExchangeEndpoint.LineageAnswer(new byte[0], why);
    }
}
