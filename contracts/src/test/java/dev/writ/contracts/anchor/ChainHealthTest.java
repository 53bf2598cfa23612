package dev.writ.contracts.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChainHealthTest {
    private static final ChainHealthBounds BOUNDS = new ChainHealthBounds(Duration.ofSeconds(30), Duration.ofSeconds(1), 10,
            Duration.ofSeconds(30), 5);
    private static final long NOW = 1_000_000_000L;
    private static final ChainStatus.ChainHeadSeen FRESH = new ChainStatus.ChainHeadSeen(100, NOW / 1000 - 1, NOW - 500);
    private static final OutboxStats EMPTY = new OutboxStats(0, -1, 41, Optional.empty());

    private static ChainStatus assess(Optional<String> rpc, ChainStatus.ChainHeadSeen head, OutboxStats outbox) {
        return assess(rpc, head, outbox, ChainStatus.OldestOpenSeen.NONE.next(outbox.oldestOpenBatch(), NOW - 1000));
    }

    private static ChainStatus assess(Optional<String> rpc, ChainStatus.ChainHeadSeen head, OutboxStats outbox,
                                      ChainStatus.OldestOpenSeen oldest) {
        return ChainHealth.assess(rpc, head, Optional.of(outbox), "", oldest, BOUNDS, NOW);
    }

    @Test
    void aFreshHeadAndAnEmptyQueueAreHealthy() {
        assertThat(assess(Optional.empty(), FRESH, EMPTY).level()).isEqualTo(ChainStatus.Level.HEALTHY);
    }

    @Test
    void anUnansweredRpcIsDegraded() {
        ChainStatus s = assess(Optional.of("connection refused"), FRESH, EMPTY);
        assertThat(s.level()).isEqualTo(ChainStatus.Level.DEGRADED);
        assertThat(s.reasons()).extracting(ChainStatus.Reason::code).containsExactly(ChainHealth.CHAIN_UNREACHABLE);
    }

    @Test
    void anOldHeadLagsAndAHeadThatStopsMovingIsAStalledSequencer() {
        ChainStatus.ChainHeadSeen old = new ChainStatus.ChainHeadSeen(100, NOW / 1000 - 31, NOW - 500);
        assertThat(assess(Optional.empty(), old, EMPTY).reasons()).extracting(ChainStatus.Reason::code)
                .containsExactly(ChainHealth.CHAIN_LAG);
        ChainStatus.ChainHeadSeen stuck = new ChainStatus.ChainHeadSeen(100, NOW / 1000 - 1, NOW - 10_001);
        assertThat(assess(Optional.empty(), stuck, EMPTY).reasons()).extracting(ChainStatus.Reason::code)
                .containsExactly(ChainHealth.SEQUENCER_STALLED);
    }

    @Test
    void aLongOrOldQueueIsABacklog() {
        assertThat(assess(Optional.empty(), FRESH, new OutboxStats(6, 42, 41, Optional.empty())).reasons())
                .extracting(ChainStatus.Reason::code).containsExactly(ChainHealth.ANCHOR_BACKLOG);
        OutboxStats one = new OutboxStats(1, 42, 41, Optional.empty());
        assertThat(assess(Optional.empty(), FRESH, one, new ChainStatus.OldestOpenSeen(42, NOW - 30_001)).reasons())
                .extracting(ChainStatus.Reason::code).containsExactly(ChainHealth.ANCHOR_BACKLOG);
        assertThat(assess(Optional.empty(), FRESH, new OutboxStats(5, 42, 41, Optional.empty()),
                new ChainStatus.OldestOpenSeen(42, NOW - 29_000)).level()).isEqualTo(ChainStatus.Level.HEALTHY);
    }

    @Test
    void aBatchsAgeRunsFromWhenThisNodeFirstSawItWaitingOnItsOwnClock() {
        // A node whose clock is 60 s ahead of the anchorer's reads batch 42, sealed a moment ago by
        // the anchorer: what it knows is when it saw it, on its own clock, so the batch is young.
        long skewedNow = NOW + 60_000;
        ChainStatus.OldestOpenSeen seen = ChainStatus.OldestOpenSeen.NONE.next(42, skewedNow);
        assertThat(seen).isEqualTo(new ChainStatus.OldestOpenSeen(42, skewedNow));
        OutboxStats waiting = new OutboxStats(1, 42, 41, Optional.empty());
        assertThat(ChainHealth.assess(Optional.empty(), new ChainStatus.ChainHeadSeen(100, skewedNow / 1000, skewedNow),
                Optional.of(waiting), "", seen, BOUNDS, skewedNow).level()).isEqualTo(ChainStatus.Level.HEALTHY);
        // still the oldest when read again: it keeps its first sighting, and ages on this clock
        assertThat(seen.next(42, skewedNow + 31_000)).isSameAs(seen);
        assertThat(ChainHealth.assess(Optional.empty(), new ChainStatus.ChainHeadSeen(130, skewedNow / 1000 + 31,
                        skewedNow + 31_000), Optional.of(waiting), "", seen, BOUNDS, skewedNow + 31_000).reasons())
                .extracting(ChainStatus.Reason::code).containsExactly(ChainHealth.ANCHOR_BACKLOG);
        // confirmed: the next one is seen afresh; none open: nothing is remembered
        assertThat(seen.next(43, skewedNow + 32_000)).isEqualTo(new ChainStatus.OldestOpenSeen(43, skewedNow + 32_000));
        assertThat(seen.next(-1, skewedNow + 32_000)).isEqualTo(ChainStatus.OldestOpenSeen.NONE);
    }

    @Test
    void aForkInTheOutboxFailsWithItsCode() {
        OutboxEntry fork = OutboxEntry.queued("acme", 42, 0, 9, OutboxDatabases.root("acme", 42), 0)
                .failed(Submission.FORK + ": the chain holds another root", 1);
        ChainStatus s = assess(Optional.empty(), FRESH, new OutboxStats(0, -1, 41, Optional.of(fork)));
        assertThat(s.level()).isEqualTo(ChainStatus.Level.FAILED);
        assertThat(s.reasons()).extracting(ChainStatus.Reason::code).containsExactly(Submission.FORK);
    }

    @Test
    void anUnreadableOutboxIsDegraded() {
        ChainStatus s = ChainHealth.assess(Optional.empty(), FRESH, Optional.empty(), "db down",
                ChainStatus.OldestOpenSeen.NONE, BOUNDS, NOW);
        assertThat(s.reasons()).extracting(ChainStatus.Reason::code).containsExactly(ChainHealth.OUTBOX_UNAVAILABLE);
    }
}
