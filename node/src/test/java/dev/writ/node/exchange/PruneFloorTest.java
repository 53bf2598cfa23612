package dev.writ.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The outbox is pruned below what every partner holds, or what the retention bound lets go; never above the newest checkpoint. */
class PruneFloorTest {
    private static final Duration RETENTION = Duration.ofMinutes(60);
    private static final long NOW = Duration.ofHours(10).toMillis();
    private static final List<EnvelopeOutbox.Checkpoint> STORED = List.of(
            checkpoint(100, NOW - Duration.ofMinutes(90).toMillis()),
            checkpoint(200, NOW - Duration.ofMinutes(30).toMillis()),
            checkpoint(300, NOW - Duration.ofMinutes(1).toMillis()));

    private static EnvelopeOutbox.Checkpoint checkpoint(long seq, long at) {
        return new EnvelopeOutbox.Checkpoint(seq, new byte[32], at);
    }

    @Test
    void theLatestCheckpointEveryPartnerAcknowledged() {
        assertThat(PruneFloor.of(STORED, Map.of("globex", 300L, "initech", 200L), Set.of("globex", "initech"), NOW, RETENTION))
                .isEqualTo(OptionalLong.of(200));
        assertThat(PruneFloor.of(STORED, Map.of("globex", 300L), Set.of("globex"), NOW, RETENTION))
                .isEqualTo(OptionalLong.of(300));
    }

    @Test
    void aPartnerThatNeverAcknowledgesHoldsThePruneOnlyUntilTheRetentionBound() {
        assertThat(PruneFloor.of(STORED, Map.of("globex", 300L), Set.of("globex", "initech"), NOW, RETENTION))
                .isEqualTo(OptionalLong.of(100));
        assertThat(PruneFloor.of(STORED.subList(1, 3), Map.of(), Set.of("globex"), NOW, RETENTION)).isEmpty();
        assertThat(PruneFloor.of(List.of(), Map.of(), Set.of(), NOW, RETENTION)).isEmpty();
    }

    @Test
    void aDomainWithoutPartnersPrunesBelowItsNewestCheckpoint() {
        assertThat(PruneFloor.of(STORED, Map.of(), Set.of(), NOW, RETENTION)).isEqualTo(OptionalLong.of(300));
    }
}
