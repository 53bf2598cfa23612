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
        return ChainHealth.assess(rpc, head, Optional.of(outbox), "", BOUNDS, NOW);
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
        assertThat(assess(Optional.empty(), FRESH, new OutboxStats(6, NOW - 1000, 41, Optional.empty())).reasons())
                .extracting(ChainStatus.Reason::code).containsExactly(ChainHealth.ANCHOR_BACKLOG);
        assertThat(assess(Optional.empty(), FRESH, new OutboxStats(1, NOW - 30_001, 41, Optional.empty())).reasons())
                .extracting(ChainStatus.Reason::code).containsExactly(ChainHealth.ANCHOR_BACKLOG);
        assertThat(assess(Optional.empty(), FRESH, new OutboxStats(5, NOW - 29_000, 41, Optional.empty())).level())
                .isEqualTo(ChainStatus.Level.HEALTHY);
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
        ChainStatus s = ChainHealth.assess(Optional.empty(), FRESH, Optional.empty(), "db down", BOUNDS, NOW);
        assertThat(s.reasons()).extracting(ChainStatus.Reason::code).containsExactly(ChainHealth.OUTBOX_UNAVAILABLE);
    }
}
