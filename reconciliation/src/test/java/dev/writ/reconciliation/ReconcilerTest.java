package dev.writ.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.EpochBeacon;
import dev.writ.protocol.wire.RevocationEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final long NOW = 1_000_000;
    private static final Bounds BOUNDS = new Bounds(3_000, 2_000);

    private final Reconciler r = new Reconciler(4096);
    private final Senders.Chain acme = new Senders.Chain("acme");

    private Verdict verdict(long now, long required) {
        return FailClosedVerdict.decide("acme", r.view("acme"), now, required, BOUNDS);
    }

    private static ContinuityCode code(Verdict v) {
        return v instanceof Verdict.Refuse refuse ? refuse.code() : null;
    }

    @Test
    void aRedeliveryChangesNothing() {
        OpenedEnvelope b = acme.beacon(NOW);
        assertThat(r.accept(b, NOW)).isInstanceOf(Received.Accepted.class);
        byte[] digest = r.digest();
        assertThat(r.accept(b, NOW + 5)).isInstanceOf(Received.Duplicate.class);
        assertThat(r.digest()).isEqualTo(digest);
        assertThat(r.view("acme").orElseThrow().beacon().orElseThrow().receivedAtMillis()).isEqualTo(NOW);
    }

    @Test
    void aGapIsReportedWithItsRangeAndFillingItMovesTheHead() {
        OpenedEnvelope e0 = acme.beacon(NOW);
        OpenedEnvelope e1 = acme.revoke("w1", NOW);
        OpenedEnvelope e2 = acme.beacon(NOW);
        OpenedEnvelope e3 = acme.beacon(NOW);
        r.accept(e0, NOW);
        assertThat(r.accept(e3, NOW)).isEqualTo(new Received.Gap("acme", 3, 1, 3));
        assertThat(r.missing("acme", 10)).containsExactly(new long[] {1, 2});
        assertThat(code(verdict(NOW, 0))).isEqualTo(ContinuityCode.CONTINUITY_GAP);
        r.accept(e2, NOW);
        assertThat(r.accept(e1, NOW)).isEqualTo(new Received.Accepted("acme", 1, 3));
        assertThat(r.missing("acme", 10)).isEmpty();
        assertThat(verdict(NOW + 10, 1)).isInstanceOf(Verdict.Accept.class);
    }

    @Test
    void twoEnvelopesWithOneNumberAreEquivocationForever() {
        acme.beacon(NOW);
        acme.beacon(NOW);
        r.accept(acme.sent.get(0), NOW);
        r.accept(acme.sent.get(1), NOW);
        OpenedEnvelope fork = acme.forkAt(1, NOW);
        Received received = r.accept(fork, NOW);
        assertThat(received).isInstanceOfSatisfying(Received.Equivocation.class, e -> assertThat(e.conflictingEnvelopes())
                .isEqualTo(sorted(acme.sent.get(1), fork)));
        assertThat(r.view("acme").orElseThrow().conflictingEnvelopes()).isEqualTo(sorted(acme.sent.get(1), fork));
        assertThat(code(verdict(NOW, 0))).isEqualTo(ContinuityCode.EQUIVOCATION);
        assertThat(r.view("acme").orElseThrow().head()).isEqualTo(0);
        r.accept(acme.beacon(NOW + 1), NOW + 1);
        assertThat(code(verdict(NOW + 1, 0))).isEqualTo(ContinuityCode.EQUIVOCATION);
    }

    @Test
    void anEnvelopeNamingAnotherPredecessorIsEquivocation() {
        acme.beacon(NOW);
        r.accept(acme.sent.get(0), NOW);
        OpenedEnvelope stray = Envelopes.seal(Senders.KEY, EnvelopeType.BEACON, "acme", 1, Hashes.sha256(new byte[] {1}),
                EpochBeacon.newBuilder().setDomain("acme").setIssuedAtMillis(NOW).build().toByteArray(), NOW);
        assertThat(r.accept(stray, NOW)).isInstanceOf(Received.Equivocation.class);
        assertThat(code(verdict(NOW, 0))).isEqualTo(ContinuityCode.EQUIVOCATION);
        assertThat(r.view("acme").orElseThrow().conflictingEnvelopes()).isEqualTo(sorted(acme.sent.get(0), stray));
    }

    @Test
    void theConflictingEnvelopesAreNamedAlikeWhateverOrderTheyArriveIn() {
        acme.beacon(NOW);
        OpenedEnvelope fork = acme.forkAt(0, NOW);
        Reconciler other = new Reconciler(4096);
        r.accept(acme.sent.get(0), NOW);
        r.accept(fork, NOW);
        other.accept(fork, NOW);
        other.accept(acme.sent.get(0), NOW);
        assertThat(other.view("acme").orElseThrow().conflictingEnvelopes())
                .isEqualTo(r.view("acme").orElseThrow().conflictingEnvelopes())
                .isEqualTo(sorted(acme.sent.get(0), fork));
    }

    @Test
    void twoRevocationEntriesWithOneEpochAreEquivocation() {
        acme.revoke("w1", NOW);
        acme.epoch--; // the sender numbers a second, different entry with the same epoch
        acme.revoke("w2", NOW);
        acme.beacon(NOW);
        acme.sent.forEach(e -> r.accept(e, NOW));
        assertThat(r.view("acme").orElseThrow().equivocating()).isTrue();
        assertThat(r.view("acme").orElseThrow().conflictingEnvelopes()).isEqualTo(sorted(acme.sent.get(0), acme.sent.get(1)));
        assertThat(code(verdict(NOW, 0))).isEqualTo(ContinuityCode.EQUIVOCATION);
    }

    private static List<ByteString> sorted(OpenedEnvelope... envelopes) {
        return java.util.Arrays.stream(envelopes).map(e -> ByteString.copyFrom(e.hash()))
                .sorted(ByteString.unsignedLexicographicalComparator()).toList();
    }

    @Test
    void anUnreadablePayloadOrABeaconOfAnotherDomainIsRefused() {
        r.accept(acme.append(EnvelopeType.REVOCATION_ENTRY, new byte[] {(byte) 0xff, 1, 2}, NOW), NOW);
        acme.beacon(NOW);
        r.accept(acme.sent.get(1), NOW);
        assertThat(code(verdict(NOW, 0))).isEqualTo(ContinuityCode.ENVELOPE_INVALID);

        Reconciler other = new Reconciler(4096);
        Senders.Chain globex = new Senders.Chain("globex");
        other.accept(globex.append(EnvelopeType.BEACON, EpochBeacon.newBuilder().setDomain("acme").setIssuedAtMillis(NOW)
                .build().toByteArray(), NOW), NOW);
        assertThat(other.view("globex").orElseThrow().invalidPayload()).isPresent();
    }

    @Test
    void revocationsPastAGapStillCountButTheVerdictWaitsForThem() {
        acme.beacon(NOW);
        acme.revoke("w1", NOW);
        acme.revoke("w2", NOW);
        acme.beacon(NOW);
        r.accept(acme.sent.get(0), NOW);
        r.accept(acme.sent.get(2), NOW); // w2 arrives, w1 does not (yet)
        DomainView v = r.view("acme").orElseThrow();
        assertThat(v.isRevoked(RevocationEntry.Kind.WRIT, "w2")).isTrue();
        assertThat(v.revocationEpoch()).isZero();
        assertThat(code(verdict(NOW, 0))).isEqualTo(ContinuityCode.CONTINUITY_GAP);
    }

    @Test
    void staleByArrivalOrByDateAndBehindTheRequiredEpochAreRefused() {
        acme.beacon(NOW);
        r.accept(acme.sent.get(0), NOW);
        assertThat(verdict(NOW + 3_000, 0)).isInstanceOf(Verdict.Accept.class);
        assertThat(code(verdict(NOW + 3_001, 0))).isEqualTo(ContinuityCode.EPOCH_STALE);
        assertThat(code(verdict(NOW, 1))).isEqualTo(ContinuityCode.CONTINUITY_GAP);
        assertThat(code(FailClosedVerdict.decide("globex", r.view("globex"), NOW, 0, BOUNDS)))
                .isEqualTo(ContinuityCode.CONTINUITY_GAP);

        Reconciler late = new Reconciler(4096);
        Senders.Chain old = new Senders.Chain("acme");
        late.accept(old.beacon(NOW - 6_000), NOW); // a repaired old beacon: it just arrived, but it speaks of long ago
        assertThat(code(FailClosedVerdict.decide("acme", late.view("acme"), NOW, 0, BOUNDS)))
                .isEqualTo(ContinuityCode.EPOCH_STALE);
    }

    @Test
    void digestsAtACutNeedTheChainWholeUpToIt() {
        acme.beacon(NOW);
        acme.beacon(NOW);
        r.accept(acme.sent.get(0), NOW);
        assertThat(r.digestAt(Map.of("acme", 0L))).isPresent();
        assertThat(r.digestAt(Map.of("acme", 1L))).isEmpty();
        assertThat(r.digestAt(Map.of("globex", 0L))).isEmpty();
    }

    @Test
    void epochVectorsMergeByMaximumAndCompare() {
        EpochVector a = new EpochVector(Map.of("acme", new EpochVector.Epochs(3, 1), "globex", new EpochVector.Epochs(1, 2)));
        EpochVector b = new EpochVector(Map.of("acme", new EpochVector.Epochs(2, 4)));
        EpochVector m = a.merge(b);
        assertThat(m.byDomain()).containsEntry("acme", new EpochVector.Epochs(3, 4))
                .containsEntry("globex", new EpochVector.Epochs(1, 2));
        assertThat(m.dominates(a)).isTrue();
        assertThat(m.dominates(b)).isTrue();
        assertThat(a.dominates(b)).isFalse();
    }
}
