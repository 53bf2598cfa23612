package dev.writ.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.EnvelopeType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariant 7 with checkpoints: replicas that received one chain with checkpoints in any order,
 * with duplicates, hold one state and digest with bounded memory, and so does a replica that
 * started at the latest checkpoint (the domain pruned what came before) and took only what
 * follows it and the revocation entries before it. A fork at or after the latest checkpoint is
 * found by every one of them.
 */
class CheckpointPropertiesTest {
    private static final long NOW = 1_000_000;
    private static final int BOUND = 64;

    private static Senders.Chain chain(long seed, int length, int interval) {
        Random random = new Random(seed);
        Senders.Chain chain = new Senders.Chain("d0");
        for (int i = 0; i < length; i++) {
            if (i % interval == interval - 1) {
                chain.checkpoint(NOW);
            } else if (random.nextInt(4) == 0) {
                chain.revoke("w" + i, NOW);
            } else {
                chain.beacon(NOW);
            }
        }
        return chain;
    }

    private static List<OpenedEnvelope> shuffled(List<OpenedEnvelope> set, long seed) {
        Random random = new Random(seed);
        List<OpenedEnvelope> out = new ArrayList<>(set);
        for (OpenedEnvelope e : set) {
            if (random.nextInt(4) == 0) {
                out.add(e);
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    /** Envelopes delivered one by one; a replica never holds more than the bound. */
    private static Reconciler apply(Reconciler r, List<OpenedEnvelope> delivery) {
        for (OpenedEnvelope e : delivery) {
            r.accept(e, NOW);
            assertThat(r.view("d0").orElseThrow().held()).isLessThanOrEqualTo(BOUND);
        }
        return r;
    }

    /** A replica that was given the latest checkpoint as where to start, then what follows and the revocations before. */
    private static Reconciler startedAtCheckpoint(List<OpenedEnvelope> set, long seed) {
        Reconciler r = new Reconciler(BOUND);
        OpenedEnvelope latest = set.stream().filter(e -> e.header().getType() == EnvelopeType.CHECKPOINT)
                .reduce((a, b) -> b).orElseThrow();
        r.anchor(latest, NOW);
        long c = latest.header().getSeq();
        return apply(r, shuffled(set.stream().filter(e -> e.header().getSeq() > c
                || e.header().getType() == EnvelopeType.REVOCATION_ENTRY).toList(), seed));
    }

    @Property(tries = 120)
    void everyReplicaHoldsOneStateWithBoundedMemory(@ForAll long seed, @ForAll @IntRange(min = 20, max = 200) int length,
                                                    @ForAll @IntRange(min = 2, max = 16) int interval) {
        List<OpenedEnvelope> set = chain(seed, length, interval).sent;
        // delivered in order, each replica's bound holds; shuffled whole, it needs the whole set's room
        Reconciler inOrder = apply(new Reconciler(BOUND), set);
        Reconciler shuffled = new Reconciler(4096);
        shuffled(set, seed + 1).forEach(e -> shuffled.accept(e, NOW));
        Reconciler late = startedAtCheckpoint(set, seed + 2);
        assertThat(inOrder.digest()).isEqualTo(shuffled.digest()).isEqualTo(late.digest());
        assertThat(inOrder.view("d0").orElseThrow().checkpointSeq())
                .isEqualTo(late.view("d0").orElseThrow().checkpointSeq())
                .isGreaterThanOrEqualTo(length - interval);
        assertThat(inOrder.view("d0").orElseThrow().held()).isEqualTo(late.view("d0").orElseThrow().held()).isLessThanOrEqualTo(interval);
        assertThat(late.view("d0").orElseThrow().revocationEpoch()).isEqualTo(inOrder.view("d0").orElseThrow().revocationEpoch());
    }

    @Property(tries = 120)
    void aForkAtOrAfterTheLatestCheckpointIsFoundByEveryReplica(@ForAll long seed,
                                                                @ForAll @IntRange(min = 20, max = 120) int length,
                                                                @ForAll @IntRange(min = 2, max = 16) int interval,
                                                                @ForAll @IntRange(min = 0, max = 100) int where) {
        Senders.Chain chain = chain(seed, length, interval);
        List<OpenedEnvelope> set = chain.sent;
        long latest = set.stream().filter(e -> e.header().getType() == EnvelopeType.CHECKPOINT)
                .mapToLong(e -> e.header().getSeq()).max().orElseThrow();
        int at = (int) (latest + 1 + (set.size() - latest - 1) * where / 101);
        if (at >= set.size()) {
            return;
        }
        OpenedEnvelope fork = chain.forkAt(at, NOW + 1);
        Reconciler inOrder = apply(new Reconciler(BOUND), set);
        inOrder.accept(fork, NOW);
        Reconciler late = startedAtCheckpoint(set, seed);
        late.accept(fork, NOW);
        assertThat(inOrder.view("d0").orElseThrow().equivocating()).isTrue();
        assertThat(late.view("d0").orElseThrow().equivocating()).isTrue();
    }
}
