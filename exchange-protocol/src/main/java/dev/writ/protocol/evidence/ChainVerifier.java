package dev.writ.protocol.evidence;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.wire.EvidenceRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks one domain's evidence (invariant 4): every record signed by a key of the domain, and each
 * lane a contiguous run of sequence numbers whose previous-hashes link. Reports the first gap,
 * fork, broken link or bad signature. Identical copies of a record count once (redelivery is not
 * a fork); two different records at one place are a fork.
 */
public final class ChainVerifier {
    private final KeyRing keys;

    public ChainVerifier(KeyRing keys) {
        this.keys = keys;
    }

    /** Verifies lanes that start at sequence 0. */
    public ChainReport verify(String domain, Collection<EvidenceRecord> records) {
        return verify(domain, records, Map.of());
    }

    /**
     * Verifies lanes that continue from trusted heads (lanes not in {@code trustedHeads} start at 0).
     */
    public ChainReport verify(String domain, Collection<EvidenceRecord> records, Map<String, ChainHead> trustedHeads) {
        Map<String, List<VerifiedRecord>> lanes = new TreeMap<>();
        for (EvidenceRecord record : records) {
            VerifiedRecord opened;
            try {
                opened = EvidenceRecords.open(record, keys);
            } catch (ProtocolException e) {
                return new ChainReport.Broken(e.fault(), "", -1, e.getMessage());
            }
            if (!opened.body().getDomain().equals(domain)) {
                return new ChainReport.Broken(Fault.CHAIN_FOREIGN_RECORD, opened.body().getLane(),
                        opened.body().getSeq(), EvidenceRecords.describe(opened.body()) + " is not of domain " + domain);
            }
            lanes.computeIfAbsent(opened.body().getLane(), l -> new ArrayList<>()).add(opened);
        }
        List<ChainHead> heads = new ArrayList<>();
        int count = 0;
        for (Map.Entry<String, List<VerifiedRecord>> lane : lanes.entrySet()) {
            ChainHead start = trustedHeads.getOrDefault(lane.getKey(), ChainHead.genesis(domain, lane.getKey()));
            Walk walk = walkLane(start, lane.getValue());
            if (walk.broken != null) {
                return walk.broken;
            }
            heads.add(walk.head);
            count += walk.records;
        }
        return new ChainReport.Intact(heads, count);
    }

    private record Walk(ChainHead head, int records, ChainReport.Broken broken) {
    }

    private static Walk walkLane(ChainHead start, List<VerifiedRecord> records) {
        records.sort(Comparator.comparingLong(r -> r.body().getSeq()));
        Map<Long, byte[]> seen = new HashMap<>();
        ChainHead head = start;
        int distinct = 0;
        for (VerifiedRecord record : records) {
            long seq = record.body().getSeq();
            String lane = start.lane();
            byte[] earlier = seen.get(seq);
            if (earlier != null) {
                if (Arrays.equals(earlier, record.hash())) {
                    continue;
                }
                return broken(Fault.CHAIN_FORK, lane, seq, "two different records at " + lane + "#" + seq);
            }
            if (seq < start.nextSeq()) {
                return broken(Fault.CHAIN_FORK, lane, seq,
                        "record " + lane + "#" + seq + " rewrites history before the trusted head at #" + start.nextSeq());
            }
            if (seq != head.nextSeq()) {
                return broken(Fault.CHAIN_GAP, lane, head.nextSeq(),
                        "records " + lane + "#" + head.nextSeq() + ".." + (seq - 1) + " are missing");
            }
            if (!Arrays.equals(record.body().getPrevHash().toByteArray(), head.lastHash())) {
                return broken(Fault.CHAIN_BROKEN_LINK, lane, seq,
                        "record " + lane + "#" + seq + " does not link to the record before it");
            }
            seen.put(seq, record.hash());
            head = record.next();
            distinct++;
        }
        return new Walk(head, distinct, null);
    }

    private static Walk broken(Fault fault, String lane, long seq, String detail) {
        return new Walk(null, 0, new ChainReport.Broken(fault, lane, seq, detail));
    }
}
