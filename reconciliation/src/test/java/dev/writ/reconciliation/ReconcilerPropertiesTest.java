package dev.writ.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.envelope.OpenedEnvelope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Invariant 7: nodes that received the same envelopes, in any order, with any duplicates, hold
 * identical state and digests; and the verdict never says yes while continuity is in doubt.
 */
class ReconcilerPropertiesTest {
    private static final long NOW = 1_000_000;
    private static final Bounds BOUNDS = new Bounds(3_000, 2_000);

    /** Up to three domains' honest chains, one possibly forked, as the set every replica will receive. */
    private static List<OpenedEnvelope> envelopes(long seed, int domains, int length, boolean fork) {
        Random random = new Random(seed);
        List<OpenedEnvelope> all = new ArrayList<>();
        for (int d = 0; d < domains; d++) {
            Senders.Chain chain = new Senders.Chain("d" + d);
            for (int i = 0; i < length; i++) {
                if (random.nextInt(3) == 0) {
                    chain.revoke("w-" + d + "-" + i, NOW - 10);
                } else {
                    chain.beacon(NOW - 10);
                }
            }
            all.addAll(chain.sent);
            if (fork && d == 0 && length > 1) {
                all.add(chain.forkAt(random.nextInt(length), NOW - 5));
            }
        }
        return all;
    }

    /** The set, shuffled, with some envelopes sent twice or three times. */
    private static List<OpenedEnvelope> delivery(List<OpenedEnvelope> set, long seed) {
        Random random = new Random(seed);
        List<OpenedEnvelope> out = new ArrayList<>(set);
        for (OpenedEnvelope e : set) {
            for (int k = random.nextInt(3); k > 0; k--) {
                out.add(e);
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    private static Reconciler apply(List<OpenedEnvelope> delivery) {
        Reconciler r = new Reconciler(4096);
        long t = NOW;
        for (OpenedEnvelope e : delivery) {
            r.accept(e, t++); // receive times differ between replicas; nothing derived from them may enter a digest
        }
        return r;
    }

    /** The deterministic part of a view (receive time excluded). */
    private static String canonical(DomainView v) {
        return v.domain() + " head=" + v.head() + " hash=" + v.headHash().map(h -> HexFormat.of().formatHex(h.toByteArray()))
                .orElse("-") + " highest=" + v.highestSeq() + " equivocating=" + v.equivocating() + " invalid="
                + v.invalidPayload().isPresent() + " epoch=" + v.revocationEpoch() + " revoked=" + new java.util.TreeSet<>(v.revoked())
                + " beacon=" + v.beacon().map(b -> b.envelopeSeq() + ":" + HexFormat.of().formatHex(b.envelopeHash().toByteArray()))
                .orElse("-");
    }

    private static Map<String, String> canonical(Reconciler r) {
        Map<String, String> m = new TreeMap<>();
        r.views().forEach((d, v) -> m.put(d, canonical(v)));
        return m;
    }

    @Property(tries = 150)
    void anyOrderAndDuplicationGivesOneStateAndDigest(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int domains,
                                                      @ForAll @IntRange(min = 1, max = 25) int length,
                                                      @ForAll boolean fork) {
        List<OpenedEnvelope> set = envelopes(seed, domains, length, fork);
        Reconciler a = apply(delivery(set, seed + 1));
        Reconciler b = apply(delivery(set, seed + 2));
        assertThat(a.digest()).isEqualTo(b.digest());
        assertThat(a.heads()).isEqualTo(b.heads());
        assertThat(canonical(a)).isEqualTo(canonical(b));
        Map<String, Long> cut = new TreeMap<>();
        a.heads().forEach((d, h) -> {
            if (h >= 0) {
                cut.put(d, h / 2);
            }
        });
        assertThat(a.digestAt(cut).map(HexFormat.of()::formatHex)).isEqualTo(b.digestAt(cut).map(HexFormat.of()::formatHex));
        if (!cut.isEmpty()) {
            assertThat(a.digestAt(cut)).isPresent();
        }
    }

    @Property(tries = 100)
    void aPrefixThenTheRestEqualsEverythingAtOnce(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int length,
                                                  @ForAll boolean fork, @ForAll @IntRange(min = 0, max = 100) int split) {
        List<OpenedEnvelope> all = delivery(envelopes(seed, 2, length, fork), seed);
        int at = all.size() * split / 100;
        Reconciler stepwise = apply(all.subList(0, at));
        long t = NOW + at;
        for (OpenedEnvelope e : all.subList(at, all.size())) {
            stepwise.accept(e, t++);
        }
        Reconciler once = apply(delivery(envelopes(seed, 2, length, fork), seed + 7));
        assertThat(stepwise.digest()).isEqualTo(once.digest());
        assertThat(canonical(stepwise)).isEqualTo(canonical(once));
    }

    @Property(tries = 200)
    void theVerdictNeverAcceptsWhileContinuityIsInDoubt(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int length,
                                                        @ForAll boolean fork, @ForAll @IntRange(min = 0, max = 100) int keep,
                                                        @ForAll @IntRange(min = 0, max = 10_000) int ageMillis,
                                                        @ForAll @IntRange(min = 0, max = 30) int requiredEpoch) {
        List<OpenedEnvelope> set = envelopes(seed, 1, length, fork);
        Random random = new Random(seed);
        List<OpenedEnvelope> received = new ArrayList<>();
        for (OpenedEnvelope e : set) {
            if (random.nextInt(100) < keep) {
                received.add(e);
            }
        }
        Reconciler r = apply(delivery(received, seed));
        long now = NOW + received.size() * 3L + ageMillis;
        Verdict v = FailClosedVerdict.decide("d0", r.view("d0"), now, requiredEpoch, BOUNDS);
        if (v instanceof Verdict.Accept accept) {
            DomainView view = accept.view();
            Beacon beacon = view.beacon().orElseThrow();
            assertThat(view.equivocating()).isFalse();
            assertThat(view.highestSeq()).isEqualTo(view.head());
            assertThat(now - beacon.receivedAtMillis()).isLessThanOrEqualTo(BOUNDS.beaconStalenessMillis());
            assertThat(view.revocationEpoch()).isGreaterThanOrEqualTo(Math.max(requiredEpoch,
                    beacon.beacon().getRevocationEpoch()));
            assertThat(view.invalidPayload()).isEmpty();
        }
    }

    @Property(tries = 50)
    void aWholeFreshHonestChainIsAccepted(@ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int length) {
        Senders.Chain chain = new Senders.Chain("d0");
        Random random = new Random(seed);
        for (int i = 0; i < length; i++) {
            if (random.nextBoolean()) {
                chain.revoke("w" + i, NOW);
            }
        }
        chain.beacon(NOW);
        Reconciler r = apply(delivery(chain.sent, seed));
        assertThat(FailClosedVerdict.decide("d0", r.view("d0"), NOW + 100, chain.epoch, BOUNDS))
                .isInstanceOf(Verdict.Accept.class);
    }
}
