package dev.writ.chaos.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * When the operator changes policy: once or twice per drill (drawn from the seed), each time a
 * seeded delay into a recovery window — the first change after the first heal, the second after
 * the second heal when the drill has one. Outside fault windows, so the chain the change goes
 * through is up and the change is judged by what the nodes do with it, not by whether a dead
 * chain accepted it; the delay (at most {@link #MAX_DELAY}) plus an enactment (about 5 s: three
 * transactions at 1 s blocks and the 2 s timelock) fits in the 12 s recovery window.
 *
 * @param delays the delay after the i-th heal before the i-th change; no change after later heals
 */
public record PolicyChangePlan(List<Duration> delays) {
    static final Duration MAX_DELAY = Duration.ofSeconds(3);

    public PolicyChangePlan {
        delays = List.copyOf(delays);
    }

    /**
     * The drill's plan for {@code seed}. A {@link SplittableRandom}, not a {@code Random}: the
     * latter's first draws barely vary over small neighbouring seeds (1, 2, 42 ...), which would
     * give every such drill the same number of changes.
     */
    public static PolicyChangePlan draw(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int changes = 1 + random.nextInt(2);
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            delays.add(Duration.ofMillis(random.nextInt((int) MAX_DELAY.toMillis() + 1)));
        }
        return new PolicyChangePlan(delays);
    }

    /** The delay after heal number {@code cycle} (from 0) before a change, or none. */
    public Optional<Duration> after(int cycle) {
        return cycle < delays.size() ? Optional.of(delays.get(cycle)) : Optional.empty();
    }
}
