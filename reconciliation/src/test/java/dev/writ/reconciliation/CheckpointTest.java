package dev.writ.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.EnvelopeType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lineage checkpoints: a partner keeps only what follows the domain's latest verified checkpoint,
 * goes on proving continuity from it, starts from it when the domain pruned what came before, and
 * still finds a fork across it.
 */
class CheckpointTest {
    private static final long NOW = 1_000_000;
    private static final Bounds BOUNDS = new Bounds(3_000, 2_000);

    private final Senders.Chain acme = new Senders.Chain("acme");

    private static ContinuityCode code(Reconciler r, long required) {
        Verdict v = FailClosedVerdict.decide("acme", r.view("acme"), NOW, required, BOUNDS);
        return v instanceof Verdict.Refuse refuse ? refuse.code() : null;
    }

    private static Reconciler applied(List<OpenedEnvelope> envelopes) {
        Reconciler r = new Reconciler(4096);
        envelopes.forEach(e -> r.accept(e, NOW));
        return r;
    }

    /** 0..9 beacons and two revocations, checkpoint 10, beacons 11..14. */
    private void tenThenCheckpointThenFour() {
        for (int i = 0; i < 10; i++) {
            if (i == 3 || i == 7) {
                acme.revoke("w" + i, NOW);
            } else {
                acme.beacon(NOW);
            }
        }
        acme.checkpoint(NOW);
        for (int i = 0; i < 4; i++) {
            acme.beacon(NOW);
        }
    }

    @Test
    void aVerifiedCheckpointLeavesOnlyWhatFollowsItAndContinuityGoesOn() {
        tenThenCheckpointThenFour();
        Reconciler r = applied(acme.sent);
        DomainView v = r.view("acme").orElseThrow();
        assertThat(v.checkpointSeq()).isEqualTo(10);
        assertThat(v.head()).isEqualTo(14);
        assertThat(r.view("acme").orElseThrow().held()).isEqualTo(5); // 10..14
        assertThat(v.revocationEpoch()).isEqualTo(2);
        assertThat(v.isRevoked(dev.writ.protocol.wire.RevocationEntry.Kind.WRIT, "w3")).isTrue();
        assertThat(code(r, 2)).isNull();

        byte[] digest = r.digest();
        assertThat(r.accept(acme.sent.get(4), NOW)).isEqualTo(new Received.Sealed("acme", 4));
        assertThat(r.digest()).isEqualTo(digest);

        r.accept(acme.beacon(NOW), NOW);
        assertThat(r.view("acme").orElseThrow().head()).isEqualTo(15);
        assertThat(code(r, 2)).isNull();
    }

    @Test
    void heldMemoryIsBoundedByTheCheckpointIntervalAndADomainThatNeverSealsIsAGap() {
        Reconciler r = new Reconciler(64);
        for (int c = 0; c < 20; c++) {
            for (int i = 0; i < 49; i++) {
                r.accept(acme.beacon(NOW), NOW);
                assertThat(r.view("acme").orElseThrow().held()).isLessThanOrEqualTo(64);
            }
            r.accept(acme.checkpoint(NOW), NOW);
            assertThat(r.view("acme").orElseThrow().held()).isEqualTo(1);
        }
        assertThat(r.view("acme").orElseThrow().head()).isEqualTo(acme.sent.size() - 1);

        Senders.Chain silent = new Senders.Chain("acme");
        Reconciler s = new Reconciler(64);
        Received last = null;
        for (int i = 0; i < 200; i++) {
            last = s.accept(silent.beacon(NOW), NOW);
        }
        assertThat(s.view("acme").orElseThrow().held()).isEqualTo(64);
        assertThat(last).isEqualTo(new Received.Deferred("acme", 199, 64));
        assertThat(code(s, 0)).isEqualTo(ContinuityCode.CONTINUITY_GAP);
        assertThat(s.repairFrom("acme")).isEqualTo(64);
    }

    @Test
    void aNodeStartingAtTheCheckpointHoldsWhatANodeThatSawItAllHolds() {
        tenThenCheckpointThenFour();
        Reconciler full = applied(acme.sent);

        Reconciler late = new Reconciler(4096);
        late.accept(acme.sent.get(14), NOW); // a live beacon first: a gap from 0
        assertThat(late.repairFrom("acme")).isEqualTo(0);
        assertThat(late.anchor(acme.sent.get(10), NOW)).isInstanceOf(Received.Gap.class);
        late.accept(acme.sent.get(12), NOW);
        late.accept(acme.sent.get(11), NOW);
        late.accept(acme.sent.get(13), NOW);
        // continuity from the checkpoint is whole, but revocations 1..2 it states are not held: fail closed
        assertThat(late.view("acme").orElseThrow().head()).isEqualTo(14);
        assertThat(code(late, 0)).isEqualTo(ContinuityCode.CONTINUITY_GAP);
        assertThat(late.repairFrom("acme")).isEqualTo(0);
        assertThat(late.accept(acme.sent.get(3), NOW)).isEqualTo(new Received.Sealed("acme", 3));
        assertThat(late.repairFrom("acme")).isEqualTo(4);
        late.accept(acme.sent.get(7), NOW);
        assertThat(code(late, 2)).isNull();
        assertThat(late.repairFrom("acme")).isEqualTo(15);
        assertThat(late.digest()).isEqualTo(full.digest());
        // a cut one envelope before the checkpoint (a node that has not received it yet asks there) is answered
        assertThat(late.digestAt(java.util.Map.of("acme", 9L))).get().isEqualTo(full.digestAt(java.util.Map.of("acme", 9L)).get());
        assertThat(late.digestAt(java.util.Map.of("acme", 8L))).isEmpty();
        assertThat(late.digestAt(java.util.Map.of("acme", 12L))).get().isEqualTo(full.digestAt(java.util.Map.of("acme", 12L)).get());
    }

    @Test
    void anEnvelopeForkedAfterThePrunedCheckpointIsEquivocation() {
        tenThenCheckpointThenFour();
        Reconciler r = applied(acme.sent);
        OpenedEnvelope fork = acme.forkAt(11, NOW);
        assertThat(r.accept(fork, NOW)).isInstanceOf(Received.Equivocation.class);
        assertThat(code(r, 0)).isEqualTo(ContinuityCode.EQUIVOCATION);
        // one naming a predecessor other than the checkpoint, right after it
        Reconciler s = applied(acme.sent.subList(0, 11));
        OpenedEnvelope stray = Envelopes.seal(Senders.KEY, EnvelopeType.BEACON, "acme", 11, Hashes.sha256(new byte[] {7}),
                new byte[0], NOW);
        assertThat(s.accept(stray, NOW)).isInstanceOf(Received.Equivocation.class);
    }

    @Test
    void aSecondCheckpointAtOneNumberIsEquivocationForTheNodeThatPrunedAndTheNodeThatStartedThere() {
        tenThenCheckpointThenFour();
        OpenedEnvelope other = Envelopes.seal(Senders.KEY, EnvelopeType.CHECKPOINT, "acme", 10, acme.sent.get(9).hash(),
                acme.checkpointBody(10).setFirst(true).clearPreviousSeq().clearPreviousHash()
                        .setRevocationEpoch(1).build().toByteArray(), NOW + 1);
        Reconciler full = applied(acme.sent);
        assertThat(full.accept(other, NOW)).isInstanceOf(Received.Equivocation.class);

        Reconciler late = new Reconciler(4096);
        late.anchor(acme.sent.get(10), NOW);
        assertThat(late.anchor(other, NOW)).isInstanceOf(Received.Equivocation.class);
        assertThat(late.view("acme").orElseThrow().conflictingEnvelopes()).containsExactlyInAnyOrder(
                ByteString.copyFrom(acme.sent.get(10).hash()), ByteString.copyFrom(other.hash()));
    }

    @Test
    void aLaterCheckpointThatDoesNotContinueTheOneHeldIsAForkAcrossTheCheckpoint() {
        tenThenCheckpointThenFour();
        OpenedEnvelope held = acme.sent.get(10);
        // the domain's other history: another chain whose checkpoint at 20 names a checkpoint 10 this node never held
        Senders.Chain other = new Senders.Chain("acme");
        for (int i = 0; i < 10; i++) {
            other.beacon(NOW + 1);
        }
        other.checkpoint(NOW + 1);
        for (int i = 0; i < 9; i++) {
            other.beacon(NOW + 1);
        }
        OpenedEnvelope forked = other.checkpoint(NOW + 1);

        Reconciler away = new Reconciler(4096);
        away.anchor(held, NOW);
        assertThat(away.anchor(forked, NOW)).isInstanceOf(Received.Equivocation.class);
        assertThat(away.view("acme").orElseThrow().equivocating()).isTrue();
        assertThat(away.view("acme").orElseThrow().checkpointSeq()).isEqualTo(10);

        // and one claiming to be the first checkpoint of the lineage
        Reconciler again = new Reconciler(4096);
        again.anchor(held, NOW);
        OpenedEnvelope first = Envelopes.seal(Senders.KEY, EnvelopeType.CHECKPOINT, "acme", 30, Hashes.sha256(new byte[] {3}),
                acme.checkpointBody(30).setFirst(true).clearPreviousSeq().clearPreviousHash().build().toByteArray(), NOW);
        assertThat(again.anchor(first, NOW)).isInstanceOf(Received.Equivocation.class);

        // while a checkpoint that continues it (the ones between pruned) moves the node on
        for (int i = 0; i < 5; i++) {
            acme.beacon(NOW);
        }
        OpenedEnvelope next = acme.checkpoint(NOW);
        Reconciler on = new Reconciler(4096);
        on.anchor(held, NOW);
        on.accept(acme.sent.get(3), NOW);
        on.accept(acme.sent.get(7), NOW);
        assertThat(on.anchor(next, NOW)).isInstanceOf(Received.Accepted.class);
        assertThat(on.view("acme").orElseThrow().checkpointSeq()).isEqualTo(next.header().getSeq());
    }

    @Test
    void aCheckpointStatingOtherRevocationsThanTheChainCarriedIsEquivocation() {
        tenThenCheckpointThenFour();
        OpenedEnvelope lying = Envelopes.seal(Senders.KEY, EnvelopeType.CHECKPOINT, "acme", 10, acme.sent.get(9).hash(),
                acme.checkpointBody(10).setFirst(true).clearPreviousSeq().clearPreviousHash()
                        .setRevocationChain(ByteString.copyFrom(Hashes.sha256(new byte[] {9}))).build().toByteArray(), NOW);
        List<OpenedEnvelope> chain = new java.util.ArrayList<>(acme.sent.subList(0, 10));
        chain.add(lying);
        Reconciler full = applied(chain);
        assertThat(code(full, 0)).isEqualTo(ContinuityCode.EQUIVOCATION);
        assertThat(full.view("acme").orElseThrow().checkpointSeq()).isEqualTo(-1); // nothing was pruned on its word

        OpenedEnvelope understating = Envelopes.seal(Senders.KEY, EnvelopeType.CHECKPOINT, "acme", 10, acme.sent.get(9).hash(),
                acme.checkpointBody(10).setFirst(true).clearPreviousSeq().clearPreviousHash().setRevocationEpoch(1)
                        .setRevocationChain(ByteString.copyFrom(new RevocationChain().value())).build().toByteArray(), NOW);
        List<OpenedEnvelope> chain2 = new java.util.ArrayList<>(acme.sent.subList(0, 10));
        chain2.add(understating);
        assertThat(code(applied(chain2), 0)).isEqualTo(ContinuityCode.EQUIVOCATION);

        // a node that started at the lying checkpoint finds it out once it holds the revocations before it
        Reconciler late = new Reconciler(4096);
        late.anchor(lying, NOW);
        late.accept(acme.sent.get(3), NOW);
        assertThat(late.accept(acme.sent.get(7), NOW)).isInstanceOf(Received.Equivocation.class);
        assertThat(late.view("acme").orElseThrow().equivocating()).isTrue();
    }

    @Test
    void aForgedCheckpointIsRefusedBeforeItCountsAndOneForAnotherDomainIsInvalid() throws Exception {
        tenThenCheckpointThenFour();
        KeyRing acmeKeys = KeyRing.of("acme", Senders.KEY.verifyingKey());
        assertThat(Envelopes.open(acme.sent.get(10).envelope().toByteArray(), acmeKeys).header().getSeq()).isEqualTo(10);
        OpenedEnvelope forged = Envelopes.seal(SigningKey.generate(), EnvelopeType.CHECKPOINT, "acme", 10,
                acme.sent.get(9).hash(), acme.sent.get(10).payload(), NOW);
        assertThatThrownBy(() -> Envelopes.open(forged.envelope().toByteArray(), acmeKeys))
                .isInstanceOf(ProtocolException.class);

        OpenedEnvelope misnamed = Envelopes.seal(Senders.KEY, EnvelopeType.CHECKPOINT, "acme", 10, acme.sent.get(9).hash(),
                acme.checkpointBody(10).setDomain("globex").build().toByteArray(), NOW);
        Reconciler r = new Reconciler(4096);
        r.anchor(misnamed, NOW);
        assertThat(code(r, 0)).isIn(ContinuityCode.CONTINUITY_GAP, ContinuityCode.ENVELOPE_INVALID);
        assertThat(r.view("acme").orElseThrow().checkpointSeq()).isEqualTo(-1);
        assertThat(r.view("acme").orElseThrow().invalidPayload()).isPresent();
    }
}
