package dev.writ.node.exchange;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Where the exchange outbox may be pruned to: the latest stored checkpoint that every configured
 * partner acknowledged, or, when a partner is slow or gone, the latest one older than the retention
 * bound. Never above the newest checkpoint, so a partner always has one to start from. Pure.
 */
public final class PruneFloor {
    private PruneFloor() {
    }

    /**
     * @param checkpoints the stored checkpoints, oldest first
     * @param acks        partner domain → the latest checkpoint it acknowledged
     * @return the checkpoint to prune below, empty when none may be
     */
    public static OptionalLong of(List<EnvelopeOutbox.Checkpoint> checkpoints, Map<String, Long> acks, Set<String> partners,
                                  long nowMillis, Duration retention) {
        long acknowledged = partners.stream().mapToLong(p -> acks.getOrDefault(p, -1L)).min().orElse(Long.MAX_VALUE);
        long floor = -1;
        for (EnvelopeOutbox.Checkpoint c : checkpoints) {
            if (c.seq() <= acknowledged || nowMillis - c.sealedAtMillis() >= retention.toMillis()) {
                floor = c.seq();
            }
        }
        return floor > 0 ? OptionalLong.of(floor) : OptionalLong.empty();
    }
}
