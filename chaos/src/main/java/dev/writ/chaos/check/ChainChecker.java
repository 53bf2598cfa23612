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
 * Invariant 4: every domain's evidence lanes (the drilled domain's and each partner's that took
 * part) are contiguous, linked, signed by that domain's keys and unforked, as exchange-protocol's
 * {@link ChainVerifier} (what a partner or auditor runs) sees them.
 */
public final class ChainChecker implements Checker {
    public static final String NAME = "evidence-chains";
    static final String STATEMENT = "Every evidence lane of every domain is a contiguous, unforked hash chain from "
            + "sequence 0, each record signed by a key of its domain.";

    @Override
    public Verdict check(DrillRecord record) {
        if (record.evidence().isEmpty()) {
            return Verdict.unknown(NAME, STATEMENT, "the evidence could not be read after the drill");
        }
        List<String> summaries = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        for (EvidenceSnapshot snapshot : record.allEvidence()) {
            verify(snapshot, summaries, examples);
        }
        return Verdict.of(NAME, STATEMENT, String.join("; ", summaries), examples);
    }

    private static void verify(EvidenceSnapshot snapshot, List<String> summaries, List<String> examples) {
        String domain = snapshot.domain();
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
            summaries.add(domain + ": the snapshot holds an unreadable key or record");
            examples.add(domain + ": unreadable: " + e.getMessage());
            return;
        }
        ChainReport report = new ChainVerifier(KeyRing.of(domain, keys.toArray(VerifyingKey[]::new)))
                .verify(domain, records);
        if (report instanceof ChainReport.Broken broken) {
            summaries.add(domain + ": " + records.size() + " records: broken");
            examples.add(domain + ": " + broken.fault() + " at " + broken.lane() + "#" + broken.seq() + ": "
                    + broken.detail());
            return;
        }
        ChainReport.Intact intact = (ChainReport.Intact) report;
        summaries.add(domain + ": " + intact.records() + " records in " + intact.heads().size() + " lanes, all intact");
    }
}
