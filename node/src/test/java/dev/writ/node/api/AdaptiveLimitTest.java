package dev.writ.node.api;

import dev.writ.node.config.NodeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The adaptive limit on a fake clock: nanoseconds passed in, and a simulated server behind it. */
class AdaptiveLimitTest {
    private static final long MS = 1_000_000L;
    private static final NodeSettings.Overload SETTINGS = new NodeSettings.Overload(Duration.ofMillis(50), 4, 32,
            Duration.ofMillis(100), 8, 1.5, 0.2, 50);

    @Test
    void admitsUpToTheLimitThenRefusesAtOnceAndAReleaseFreesAPlace() {
        AdaptiveLimit limit = new AdaptiveLimit(SETTINGS, 128);
        List<AdaptiveLimit.Admitted> permits = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            permits.add((AdaptiveLimit.Admitted) limit.tryAcquire(0));
        }
        assertThat(limit.tryAcquire(0)).isInstanceOfSatisfying(AdaptiveLimit.Refused.class,
                r -> assertThat(r.reason()).contains("32 in flight"));
        limit.release(permits.get(0), MS);
        assertThat(limit.inFlight()).isEqualTo(31);
        assertThat(limit.tryAcquire(MS)).isInstanceOf(AdaptiveLimit.Admitted.class);
    }

    @Test
    void aCeilingOfZeroRefusesEverything() {
        AdaptiveLimit limit = new AdaptiveLimit(SETTINGS, 0);
        assertThat(limit.tryAcquire(0)).isInstanceOf(AdaptiveLimit.Refused.class);
        assertThat(limit.limit()).isZero();
    }

    @Test
    void theInitialLimitIsKeptWithinTheCeiling() {
        assertThat(new AdaptiveLimit(SETTINGS, 8).limit()).isEqualTo(8);
    }

    @Test
    void fiveTimesTheCapacityIsMostlyRefusedWhileAcceptedRequestsKeepNearTheirServiceTime() {
        // 8 workers, 10 ms each: capacity 800/s. Offered 4,000/s for 20 simulated seconds.
        Server server = new Server(8, 10 * MS);
        AdaptiveLimit limit = new AdaptiveLimit(SETTINGS, 128);
        Result r = server.drive(limit, 4, 20_000);
        assertThat(limit.limit()).as("adapted below the ceiling").isLessThan(128).isGreaterThanOrEqualTo(4);
        assertThat(r.refused).as("the excess is refused").isGreaterThan(r.completed);
        assertThat(r.completedAfterWarmUp).as("goodput at least 90 % of capacity (800/s over 10 s)")
                .isGreaterThanOrEqualTo((long) (0.9 * 8_000));
        assertThat(r.worstLatencyAfterWarmUp).as("accepted requests stay within the target")
                .isLessThanOrEqualTo(50 * MS);
    }

    @Test
    void twiceTheCapacityKeepsGoodputAndLatency() {
        Server server = new Server(8, 10 * MS);
        AdaptiveLimit limit = new AdaptiveLimit(SETTINGS, 128);
        Result r = server.drive(limit, 2, 20_000);
        assertThat(r.completedAfterWarmUp).isGreaterThanOrEqualTo((long) (0.9 * 8_000));
        assertThat(r.worstLatencyAfterWarmUp).isLessThanOrEqualTo(50 * MS);
        assertThat(r.refused).isPositive();
    }

    @Test
    void aFastBusyServerLetsTheLimitGrowToTheCeilingAndNoFurther() {
        // 64 workers of 1 ms: nothing queues below 64 in flight; offered 80 per ms.
        Server server = new Server(64, MS);
        AdaptiveLimit limit = new AdaptiveLimit(SETTINGS, 48);
        server.drive(limit, 80, 5_000);
        assertThat(limit.limit()).isEqualTo(48);
    }

    @Test
    void anIdleNodeDoesNotRaiseItsLimit() {
        AdaptiveLimit limit = new AdaptiveLimit(SETTINGS, 128);
        long now = 0;
        for (int i = 0; i < 1_000; i++) {
            AdaptiveLimit.Admitted p = (AdaptiveLimit.Admitted) limit.tryAcquire(now);
            now += MS;
            limit.release(p, now);
        }
        assertThat(limit.limit()).as("one at a time says nothing about capacity").isEqualTo(32);
    }

    @Test
    void aRequestWhoseEstimatedWaitExceedsTheTargetIsRefusedEvenBelowTheLimit() {
        AdaptiveLimit limit = new AdaptiveLimit(SETTINGS, 128);
        // one window of requests taking 20 ms each, one at a time
        long now = 0;
        for (int i = 0; i < 8; i++) {
            AdaptiveLimit.Admitted p = (AdaptiveLimit.Admitted) limit.tryAcquire(now);
            now += 20 * MS;
            limit.release(p, now);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(limit.tryAcquire(now)).as("below the minimum limit: always admitted")
                    .isInstanceOf(AdaptiveLimit.Admitted.class);
        }
        // a fifth would wait (4 + 1) x 20 ms = 100 ms behind the four
        assertThat(limit.tryAcquire(now)).isInstanceOfSatisfying(AdaptiveLimit.Refused.class,
                r -> assertThat(r.reason()).contains("estimated wait"));
        assertThat(limit.limit()).as("the limit itself allows it").isGreaterThan(5);
    }

    @Test
    void aSlowerServiceTimeShrinksTheLimitButNeverBelowTheMinimum() {
        Server server = new Server(2, 200 * MS);
        AdaptiveLimit limit = new AdaptiveLimit(SETTINGS, 128);
        Result r = server.drive(limit, 1, 60_000);
        assertThat(limit.limit()).isBetween(4, 5);
        assertThat(r.completed).as("a node slower than the target still serves").isPositive();
    }

    private record Result(long completed, long refused, long completedAfterWarmUp, long worstLatencyAfterWarmUp) {
    }

    /**
     * {@code workers} parallel workers of a fixed service time, FIFO behind them: a request's latency
     * is its wait for a worker plus its service time.
     */
    private record Server(int workers, long serviceNanos) {
        Result drive(AdaptiveLimit limit, int offeredPerMs, int millis) {
            PriorityQueue<long[]> running = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
            PriorityQueue<Long> freeAt = new PriorityQueue<>();
            for (int w = 0; w < workers; w++) {
                freeAt.add(0L);
            }
            List<AdaptiveLimit.Admitted> permits = new ArrayList<>();
            long completed = 0;
            long refused = 0;
            long afterWarmUp = 0;
            long worst = 0;
            long warmUp = millis / 2 * MS;
            for (long now = 0; now < millis * MS; now += MS) {
                while (!running.isEmpty() && running.peek()[0] <= now) {
                    long[] done = running.poll();
                    AdaptiveLimit.Admitted p = permits.get((int) done[1]);
                    limit.release(p, done[0]);
                    completed++;
                    if (p.startNanos() >= warmUp) {
                        afterWarmUp++;
                        worst = Math.max(worst, done[0] - p.startNanos());
                    }
                }
                for (int i = 0; i < offeredPerMs; i++) {
                    if (limit.tryAcquire(now) instanceof AdaptiveLimit.Admitted p) {
                        long start = Math.max(now, freeAt.poll());
                        freeAt.add(start + serviceNanos);
                        permits.add(p);
                        running.add(new long[] {start + serviceNanos, permits.size() - 1});
                    } else {
                        refused++;
                    }
                }
            }
            return new Result(completed, refused, afterWarmUp, worst);
        }
    }
}
