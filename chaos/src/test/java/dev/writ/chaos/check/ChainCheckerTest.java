package dev.writ.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.EvidenceSnapshot;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.EvidenceKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainCheckerTest {
    private static final SigningKey KEY = SigningKey.generate();
    private final ChainChecker checker = new ChainChecker();

    /** A lane of {@code n} correctly linked REDEMPTION records of acme, signed by {@code key}. */
    private static List<VerifiedRecord> lane(SigningKey key, String lane, int n) {
        return lane("acme", key, lane, n);
    }

    private static List<VerifiedRecord> lane(String domain, SigningKey key, String lane, int n) {
        List<VerifiedRecord> out = new ArrayList<>();
        ChainHead head = ChainHead.genesis(domain, lane);
        for (int i = 0; i < n; i++) {
            VerifiedRecord r = EvidenceRecords.seal(key, "acme-1", head, EvidenceKind.REDEMPTION, "jti-" + lane + i,
                    Hashes.sha256(("payload " + i).getBytes(StandardCharsets.UTF_8)), 1_000L + i);
            out.add(r);
            head = r.next();
        }
        return out;
    }

    private static EvidenceSnapshot.Row row(VerifiedRecord r) {
        return new EvidenceSnapshot.Row(r.body().getLane(), r.body().getSeq(), r.body().getKind().name(),
                r.body().getSubject(), r.body().getNodeId(), Base64.getEncoder().encodeToString(r.record().toByteArray()));
    }

    private static DrillRecord drill(List<VerifiedRecord> records) {
        return new DrillRecord(List.of(), Optional.of(new EvidenceSnapshot("acme",
                List.of(Base64.getEncoder().encodeToString(KEY.verifyingKey().raw())),
                records.stream().map(ChainCheckerTest::row).toList())));
    }

    @Test
    void contiguousSignedLanesHold() {
        List<VerifiedRecord> records = new ArrayList<>(lane(KEY, "acme-1-0", 5));
        records.addAll(lane(KEY, "acme-2-0", 3));

        Verdict v = checker.check(drill(records));

        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("8 records in 2 lanes");
    }

    @Test
    void aMissingRecordIsAGapAtItsSequenceNumber() {
        List<VerifiedRecord> records = new ArrayList<>(lane(KEY, "acme-1-0", 5));
        records.remove(2);

        Verdict v = checker.check(drill(records));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString().startsWith("acme: CHAIN_GAP at acme-1-0#2");
    }

    @Test
    void twoDifferentRecordsAtOnePlaceAreAFork() {
        List<VerifiedRecord> records = new ArrayList<>(lane(KEY, "acme-1-0", 4));
        VerifiedRecord third = records.get(2);
        ChainHead beforeThird = records.get(1).next();
        records.add(EvidenceRecords.seal(KEY, "acme-1", beforeThird, EvidenceKind.REDEMPTION, "another writ",
                Hashes.sha256(new byte[] {1}), third.body().getTimeMillis()));

        Verdict v = checker.check(drill(records));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString().startsWith("acme: CHAIN_FORK at acme-1-0#2");
    }

    @Test
    void aRecordSignedByAKeyOutsideTheDomainIsReported() {
        List<VerifiedRecord> records = new ArrayList<>(lane(KEY, "acme-1-0", 2));
        records.addAll(lane(SigningKey.generate(), "acme-9-0", 1));

        Verdict v = checker.check(drill(records));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).hasSize(1);
    }

    @Test
    void withoutEvidenceTheVerdictIsUnknown() {
        assertThat(checker.check(new DrillRecord(List.of(), Optional.empty())).status())
                .isEqualTo(Verdict.Status.UNKNOWN);
    }

    @Test
    void aBrokenLaneInThePartnersEvidenceIsAViolationNamingThePartner() {
        SigningKey globexKey = SigningKey.generate();
        List<VerifiedRecord> globex = new ArrayList<>(lane("globex", globexKey, "globex-1-0", 4));
        globex.remove(1);
        var partner = new EvidenceSnapshot("globex", List.of(Base64.getEncoder().encodeToString(globexKey.verifyingKey().raw())),
                globex.stream().map(ChainCheckerTest::row).toList());
        DrillRecord acmeOnly = drill(lane(KEY, "acme-1-0", 3));

        Verdict v = checker.check(new DrillRecord(List.of(), acmeOnly.evidence(), List.of(partner), Optional.empty(),
                Optional.empty()));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.summary()).contains("acme: 3 records in 1 lanes, all intact").contains("globex: 3 records: broken");
        assertThat(v.counterexamples()).singleElement().asString().startsWith("globex: CHAIN_GAP at globex-1-0#1");
    }
}
