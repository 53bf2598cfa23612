package dev.writ.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PhaseCostAndFloorTest {
    private static final CpuClock TICKS_100 = new CpuClock(100);

    @Test
    void cpuPerActionIsTheTicksBetweenTheSamplesOverTheActions() {
        PhaseCost.Sample before = sample(Map.of(7L, 1_000L), Map.of(20L, 400L, 21L, 10L), Map.of(9L, 50L), 100);
        PhaseCost.Sample after = sample(Map.of(7L, 1_050L), Map.of(20L, 430L, 21L, 30L), Map.of(9L, 60L), 130);

        PhaseCost cost = PhaseCost.between(before, after, 200, TICKS_100);

        // 50 ticks = 500 ms over 200 actions = 2,500 µs each; postgres 20 + 30 ticks; generator 10 ticks
        assertThat(cost.cpuMicrosPerAction()).containsExactly(Map.entry("acme-1", 2_500.0),
                Map.entry(CostMeter.DATABASE, 2_500.0), Map.entry(CostMeter.GENERATOR, 500.0));
        assertThat(cost.threadsStartedPerAction()).containsExactly(Map.entry("acme-1", 0.15));
        assertThat(cost.wakeupsPerAction()).containsExactly(Map.entry("acme-1", 1.5));
        assertThat(PhaseCost.cpuMicros(before, after, TICKS_100)).containsExactly(Map.entry("acme-1", 500_000.0),
                Map.entry(CostMeter.DATABASE, 500_000.0), Map.entry(CostMeter.GENERATOR, 100_000.0));
    }

    @Test
    void aPhaseWithoutActionsHasNoCostPerActionAndUnreadCountersAreLeftOut() {
        PhaseCost.Sample before = sample(Map.of(7L, 1L), Map.of(), Map.of(9L, 1L), -1);
        PhaseCost.Sample after = sample(Map.of(7L, 2L), Map.of(), Map.of(9L, 1L), 5);

        PhaseCost cost = PhaseCost.between(before, after, 0, TICKS_100);

        assertThat(cost.cpuMicrosPerAction().get("acme-1")).isNaN();
        assertThat(cost.threadsStartedPerAction()).isEmpty();
    }

    @Test
    void aLatencyAsAMultipleOfTheFloorDividesTheSamePercentile() {
        LatencySummary insert = new LatencySummary(2000, 250, 400, 800, 1500, 3000, 300);
        Floor floor = new Floor(insert, 2000, "PostgreSQL", new CryptoFloor.Cost(List.of()));
        LatencySummary admission = new LatencySummary(100, 5_000, 9_000, 20_000, 30_000, 40_000, 6_000);

        assertThat(floor.p50Multiple(admission)).isCloseTo(20.0, within(1e-9));
        assertThat(floor.p99Multiple(admission)).isCloseTo(25.0, within(1e-9));
        assertThat(floor.p50Multiple(LatencySummary.EMPTY)).as("no latency, no multiple").isNaN();
        assertThat(Floor.multiple(100, 0)).isNaN();
        assertThat(BenchReport.times(floor.p99Multiple(admission))).isEqualTo("25.0×");
    }

    @Test
    void theCryptoOfAnActionCountsEachOperationAsOftenAsAnActionDoesIt() {
        CryptoFloor.Cost c = new CryptoFloor.Cost(List.of(new CryptoFloor.Item("sign proposal", 1, 50, false),
                new CryptoFloor.Item("seal", 4, 40, true), new CryptoFloor.Item("verify writ", 1, 130, true)));

        assertThat(c.actionMicros()).isEqualTo(50 + 160 + 130);
        assertThat(c.nodeMicros()).isEqualTo(290);
    }

    @Test
    void theThreadsStartedCounterIsReadFromPerfCounterOutput() {
        String out = "12345:\njava.threads.daemon=20\njava.threads.live=31\njava.threads.started=4711\nsun.rt.x=1\n";
        assertThat(ThreadsStarted.parse(out)).hasValue(4711);
        assertThat(ThreadsStarted.parse("12345:\nCould not attach")).isEmpty();
    }

    @Test
    void wakeupsAreTheVoluntarySwitchesOfAStatusFile() {
        String status = "Name:\tjava\nState:\tS (sleeping)\nvoluntary_ctxt_switches:\t4711\nnonvoluntary_ctxt_switches:\t9\n";
        assertThat(Wakeups.parse(status)).isEqualTo(4711);
        assertThat(Wakeups.parse("Name:\tjava\n")).isZero();
        assertThat(Wakeups.of(ProcessHandle.current().pid())).as("this JVM's threads have waited").isPositive();
    }

    private static PhaseCost.Sample sample(Map<Long, Long> node, Map<Long, Long> postgres, Map<Long, Long> generator,
                                           long threads) {
        Map<String, CpuSnapshot> cpu = new LinkedHashMap<>();
        cpu.put("acme-1", new CpuSnapshot(node));
        cpu.put(CostMeter.DATABASE, new CpuSnapshot(postgres));
        cpu.put(CostMeter.GENERATOR, new CpuSnapshot(generator));
        return new PhaseCost.Sample(cpu, Map.of("acme-1", threads < 0 ? OptionalLong.empty() : OptionalLong.of(threads)),
                Map.of("acme-1", 10 * Math.max(threads, 0)));
    }
}
