package dev.writ.chaos.check;

import dev.writ.chaos.history.EvidenceSnapshot;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.evidence.ChainReport;
import dev.writ.protocol.evidence.ChainVerifier;
import dev.writ.protocol.wire.EvidenceRecord;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Invariant 4: the domain's evidence lanes are contiguous, linked, signed by the domain's keys and
 * unforked, as exchange-protocol's {@link ChainVerifier} (what a partner or auditor runs) sees them.
 */
public final class ChainChecker implements Checker {
    public static final String NAME = "evidence-chains";
    static final String STATEMENT = "Every evidence lane is a contiguous, unforked hash chain from sequence 0, each "
            + "record signed by a key of the domain.";

    @Override
    public Verdict check(DrillRecord record) {
        if (record.evidence().isEmpty()) {
            return Verdict.unknown(NAME, STATEMENT, "the evidence could not be read after the drill");
        }
        EvidenceSnapshot snapshot = record.evidence().get();
        List<VerifyingKey> keys = new ArrayList<>();
        List<EvidenceRecord> records = new ArrayList<>();
        try {
            for (String key : snapshot.keys()) {
                keys.add(VerifyingKey.fromRaw(Base64.getDecoder().decode(key)));
            }
            for (EvidenceSnapshot.Row row : snapshot.records()) {
                records.add(EvidenceRecord.parseFrom(Base64.getDecoder().decode(row.record())));
            }
        } catch (ProtocolException | InvalidProtocolBufferException | IllegalArgumentException e) {
            return Verdict.of(NAME, STATEMENT, "the snapshot holds an unreadable key or record",
                    List.of("unreadable: " + e.getMessage()));
        }
        ChainReport report = new ChainVerifier(KeyRing.of(snapshot.domain(), keys.toArray(VerifyingKey[]::new)))
                .verify(snapshot.domain(), records);
        if (report instanceof ChainReport.Broken broken) {
            return Verdict.of(NAME, STATEMENT, records.size() + " records: broken",
                    List.of(broken.fault() + " at " + broken.lane() + "#" + broken.seq() + ": " + broken.detail()));
        }
        ChainReport.Intact intact = (ChainReport.Intact) report;
        return Verdict.of(NAME, STATEMENT, intact.records() + " records in " + intact.heads().size()
                + " lanes, all intact", List.of());
    }
}
