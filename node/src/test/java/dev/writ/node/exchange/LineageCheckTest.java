package dev.writ.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.writ.node.admission.Minting;
import dev.writ.node.admission.ProposalValidationTest;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.EvidenceHead;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.IssuanceLineageCheck;
import dev.writ.protocol.wire.IssuanceLineage;
import dev.writ.protocol.wire.PolicyEpoch;
import dev.writ.protocol.writ.WritIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lineage a partner must show for its writ: every way it can fail to hold is refused. */
class LineageCheckTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static SigningKey key;
    private static Minting.Minted minted;
    private static List<VerifiedRecord> lane;

    @BeforeAll
    static void issue() throws Exception {
        key = SigningKey.generate();
        minted = Minting.mint(new WritIssuer(key), "acme", "globex", "jti-7", ProposalValidationTest.wellFormed(),
                Hashes.sha256(new byte[] {1}), Hashes.sha256(new byte[] {2}),
                PolicyEpoch.newBuilder().setVersion(1).setRulesHash(ByteString.copyFrom(new byte[32])).build(),
                Duration.ofSeconds(60), List.of(), 3, NOW);
        lane = new ArrayList<>();
        ChainHead head = new ChainHead("acme", "acme-1/0", 4, Hashes.sha256(new byte[] {9}));
        lane.add(EvidenceRecords.seal(key, "acme-1", head, EvidenceKind.ISSUANCE, "jti-7", Hashes.sha256(minted.issuance()),
                NOW.toEpochMilli()));
        for (int i = 0; i < 3; i++) {
            VerifiedRecord last = lane.get(lane.size() - 1);
            lane.add(EvidenceRecords.seal(key, "acme-1", last.next(), EvidenceKind.DECISION, "other-" + i,
                    Hashes.sha256(new byte[] {(byte) i}), NOW.toEpochMilli()));
        }
    }

    private static byte[] lineage(byte[] payload, List<VerifiedRecord> following) {
        IssuanceLineage.Builder b = IssuanceLineage.newBuilder().setIssuance(lane.get(0).record())
                .setPayload(ByteString.copyFrom(payload));
        following.forEach(r -> b.addFollowing(r.record()));
        return b.build().toByteArray();
    }

    private static List<EvidenceHead> headAt(VerifiedRecord r) {
        return List.of(EvidenceHead.newBuilder().setLane(r.body().getLane()).setSeq(r.body().getSeq())
                .setHash(ByteString.copyFrom(r.hash())).build());
    }

    private static KeyRing ring() {
        return KeyRing.of("acme", key.verifyingKey());
    }

    @Test
    void aLineageLeadingToTheAttestedHeadGivesTheContract() throws Exception {
        LineageCheck.Held held = LineageCheck.verify(lineage(minted.issuance(), lane.subList(1, 4)), minted.writ(),
                "acme", ring(), headAt(lane.get(3)), 42);
        ExecutionContract contract = held.contract();
        assertThat(contract.getRedeemDomain()).isEqualTo("globex");
        assertThat(LineageCheck.verify(lineage(minted.issuance(), List.of()), minted.writ(), "acme", ring(),
                headAt(lane.get(0)), 42).contract().getContractId()).isEqualTo(contract.getContractId());
        // What was checked, for the redemption's receipt: acme's ISSUANCE record and the head it led to.
        IssuanceLineageCheck check = held.check();
        assertThat(check.getIssuingDomain()).isEqualTo("acme");
        assertThat(check.getLane()).isEqualTo(lane.get(0).body().getLane());
        assertThat(check.getIssuanceSeq()).isEqualTo(lane.get(0).body().getSeq());
        assertThat(check.getIssuanceRecordHash().toByteArray()).isEqualTo(lane.get(0).hash());
        assertThat(check.getAttestedHeadSeq()).isEqualTo(lane.get(3).body().getSeq());
        assertThat(check.getAttestedHeadHash().toByteArray()).isEqualTo(lane.get(3).hash());
        assertThat(check.getVerdict()).isEqualTo(IssuanceLineageCheck.Verdict.HELD);
        assertThat(check.getCheckedAtMillis()).isEqualTo(42);
    }

    @Test
    void aLineageThatStopsShortOrSkipsARecordIsRefused() {
        assertThatThrownBy(() -> LineageCheck.verify(lineage(minted.issuance(), lane.subList(1, 3)), minted.writ(), "acme",
                ring(), headAt(lane.get(3)), 42)).isInstanceOf(LineageCheck.Broken.class).hasMessageContaining("does not lead");
        assertThatThrownBy(() -> LineageCheck.verify(lineage(minted.issuance(), List.of(lane.get(1), lane.get(3))),
                minted.writ(), "acme", ring(), headAt(lane.get(3)), 42)).hasMessageContaining("breaks");
    }

    @Test
    void anotherPayloadAKeyOfAnotherDomainOrAnUnattestedLaneIsRefused() {
        assertThatThrownBy(() -> LineageCheck.verify(lineage(new byte[] {1, 2, 3}, List.of()), minted.writ(), "acme",
                ring(), headAt(lane.get(0)), 42)).isInstanceOf(LineageCheck.Broken.class);
        assertThatThrownBy(() -> LineageCheck.verify(lineage(minted.issuance(), List.of()), minted.writ(), "acme",
                KeyRing.of("globex", key.verifyingKey()), headAt(lane.get(0)), 42)).isInstanceOf(LineageCheck.Broken.class);
        assertThatThrownBy(() -> LineageCheck.verify(lineage(minted.issuance(), List.of()), minted.writ(), "acme",
                ring(), List.of(), 42)).hasMessageContaining("attests lane");
        assertThatThrownBy(() -> LineageCheck.verify(new byte[] {(byte) 0xff}, minted.writ(), "acme", ring(),
                headAt(lane.get(0)), 42)).hasMessageContaining("unreadable");
    }

    @Test
    void theIssuanceOfAnotherWritIsRefused() throws Exception {
        Minting.Minted other = Minting.mint(new WritIssuer(key), "acme", "globex", "jti-7", ProposalValidationTest.wellFormed(),
                Hashes.sha256(new byte[] {1}), Hashes.sha256(new byte[] {3}),
                PolicyEpoch.newBuilder().setVersion(1).setRulesHash(ByteString.copyFrom(new byte[32])).build(),
                Duration.ofSeconds(60), List.of(), 3, NOW);
        assertThatThrownBy(() -> LineageCheck.verify(lineage(minted.issuance(), List.of()), other.writ(), "acme", ring(),
                headAt(lane.get(0)), 42)).hasMessageContaining("another writ");
    }
}
