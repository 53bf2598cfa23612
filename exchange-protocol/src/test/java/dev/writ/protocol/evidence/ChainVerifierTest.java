package dev.writ.protocol.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.EvidenceRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {
    private final SigningKey key = SigningKey.generate();
    private final ChainVerifier verifier = new ChainVerifier(KeyRing.of("acme", key.verifyingKey()));

    private List<EvidenceRecord> lane(String lane, int n) {
        return lane(ChainHead.genesis("acme", lane), n, key);
    }

    static List<EvidenceRecord> lane(ChainHead start, int n, SigningKey key) {
        List<EvidenceRecord> records = new ArrayList<>();
        ChainHead head = start;
        for (int i = 0; i < n; i++) {
            VerifiedRecord r = EvidenceRecords.seal(key, "node-1", head, EvidenceKind.DECISION, "subject-" + i,
                    Hashes.sha256(new byte[] {(byte) i}), 1_000L + i);
            records.add(r.record());
            head = r.next();
        }
        return records;
    }

    @Test
    void anIntactChainReportsItsHeads() {
        List<EvidenceRecord> records = new ArrayList<>(lane("a", 5));
        records.addAll(lane("b", 3));
        Collections.shuffle(records);
        ChainReport report = verifier.verify("acme", records);
        assertThat(report).isInstanceOf(ChainReport.Intact.class);
        ChainReport.Intact intact = (ChainReport.Intact) report;
        assertThat(intact.records()).isEqualTo(8);
        assertThat(intact.heads()).extracting(ChainHead::lane, ChainHead::nextSeq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 5L), org.assertj.core.groups.Tuple.tuple("b", 3L));
    }

    @Test
    void aRemovedRecordIsReportedAsTheFirstGap() {
        List<EvidenceRecord> records = new ArrayList<>(lane("a", 6));
        records.remove(3);
        assertThat(verifier.verify("acme", records))
                .isEqualTo(new ChainReport.Broken(Fault.CHAIN_GAP, "a", 3, "records a#3..3 are missing"));
    }

    @Test
    void twoDifferentRecordsAtOneSeqAreAFork() {
        List<EvidenceRecord> records = new ArrayList<>(lane("a", 4));
        // Same place (seq 0), same key, different content: equivocation.
        EvidenceRecord rival = EvidenceRecords.seal(key, "node-2", ChainHead.genesis("acme", "a"),
                EvidenceKind.REFUSAL, "other", Hashes.sha256(new byte[] {42}), 5).record();
        records.add(rival);
        ChainReport report = verifier.verify("acme", records);
        assertThat(report).isInstanceOf(ChainReport.Broken.class);
        assertThat(((ChainReport.Broken) report).fault()).isEqualTo(Fault.CHAIN_FORK);
        assertThat(((ChainReport.Broken) report).seq()).isZero();
    }

    @Test
    void anIdenticalRedeliveredRecordIsNotAFork() {
        List<EvidenceRecord> records = new ArrayList<>(lane("a", 3));
        records.add(records.get(1));
        assertThat(verifier.verify("acme", records).intact()).isTrue();
    }

    @Test
    void aRecordThatDoesNotLinkIsABrokenLink() {
        List<EvidenceRecord> records = new ArrayList<>(lane("a", 2));
        ChainHead wrongPrev = new ChainHead("acme", "a", 2, Hashes.sha256(new byte[] {7}));
        records.addAll(lane(wrongPrev, 1, key));
        assertThat(verifier.verify("acme", records))
                .extracting(r -> ((ChainReport.Broken) r).fault()).isEqualTo(Fault.CHAIN_BROKEN_LINK);
    }

    @Test
    void aTamperedRecordHasABadSignature() {
        List<EvidenceRecord> records = new ArrayList<>(lane("a", 3));
        byte[] body = records.get(1).getBody().toByteArray();
        body[body.length - 40] ^= 1;
        records.set(1, records.get(1).toBuilder().setBody(ByteString.copyFrom(body)).build());
        ChainReport report = verifier.verify("acme", records);
        assertThat(((ChainReport.Broken) report).fault()).isIn(Fault.BAD_SIGNATURE, Fault.MALFORMED);
    }

    @Test
    void aRecordSignedByAnUnknownKeyIsRefused() {
        List<EvidenceRecord> records = new ArrayList<>(lane("a", 2));
        records.addAll(lane(new ChainHead("acme", "a", 2, Hashes.zeroHash()), 1, SigningKey.generate()));
        assertThat(((ChainReport.Broken) verifier.verify("acme", records)).fault()).isEqualTo(Fault.UNKNOWN_KEY);
    }

    @Test
    void aRecordOfAnotherDomainIsForeign() {
        SigningKey globex = SigningKey.generate();
        ChainVerifier both = new ChainVerifier(KeyRing.of(List.of(
                new KeyRing.Entry("acme", key.verifyingKey()), new KeyRing.Entry("globex", globex.verifyingKey()))));
        List<EvidenceRecord> records = new ArrayList<>(lane("a", 2));
        records.addAll(lane(ChainHead.genesis("globex", "a"), 1, globex));
        assertThat(((ChainReport.Broken) both.verify("acme", records)).fault()).isEqualTo(Fault.CHAIN_FOREIGN_RECORD);
    }

    @Test
    void aChainContinuesFromATrustedHead() {
        List<EvidenceRecord> all = lane("a", 10);
        VerifiedRecord fifth = openUnchecked(all.get(4));
        ChainReport report = verifier.verify("acme", all.subList(5, 10), Map.of("a", fifth.next()));
        assertThat(report.intact()).isTrue();
        assertThat(verifier.verify("acme", all.subList(6, 10), Map.of("a", fifth.next())))
                .extracting(r -> ((ChainReport.Broken) r).fault()).isEqualTo(Fault.CHAIN_GAP);
    }

    private VerifiedRecord openUnchecked(EvidenceRecord record) {
        try {
            return EvidenceRecords.open(record, KeyRing.of("acme", key.verifyingKey()));
        } catch (dev.writ.protocol.ProtocolException e) {
            throw new AssertionError(e);
        }
    }
}
