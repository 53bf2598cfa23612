package dev.writ.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up, the idle window and the measured phases of a run: at each rate, each of the {@code --phases}, first
 * prepared by the generator (built, signed, minted), then run alone with the {@link CostMeter}
 * reading every process's CPU just before the run command and just after its answer.
 */
final class MeasuredPhases {
    private static final Logger LOG = LoggerFactory.getLogger(MeasuredPhases.class);
    static final Duration IDLE = Duration.ofSeconds(5);
    /**
     * After a left-open writ's expiry, until its node has recorded it: the nodes' default
     * {@code writ.expiry.grace} (5 s) and {@code sweep-interval} (5 s), and 10 s for the sweep's writes.
     */
    static final Duration EXPIRIES_SWEPT = Duration.ofSeconds(20);

    private MeasuredPhases() {
    }

    /** The phases, and the CPU each process group used per second while nothing was sent, after the warm-up. */
    record Run(Map<String, Double> idleCpuMicrosPerSecond, List<MeasuredPhase> phases) {
    }

    static Run run(GeneratorProcess generator, CostMeter meter, BenchOptions options) {
        CpuClock clock = CpuClock.ofSystem();
        if (!options.warmup().isZero()) {
            LOG.info("Warm-up: {} actions/s for {}", options.rates().get(0), options.warmup());
            generator.ask(new GeneratorProtocol.Prepare(PhaseKind.ACTION, options.rates().get(0), options.warmup()),
                    GeneratorProtocol.Prepared.class);
            generator.ask(new GeneratorProtocol.Run(), GeneratorProtocol.Ran.class);
        }
        Map<String, Double> idle = idle(meter, clock);
        LOG.info("Idle CPU over {} (µs per second): {}", IDLE, idle);
        List<MeasuredPhase> phases = new ArrayList<>();
        for (double rate : options.rates()) {
            for (PhaseKind kind : options.phases()) {
                settle(generator);
                LOG.info("Preparing {} at {}/s for {}", kind.title(), rate, options.duration());
                GeneratorProtocol.Prepared prepared = generator.ask(
                        new GeneratorProtocol.Prepare(kind, rate, options.duration()), GeneratorProtocol.Prepared.class);
                LOG.info("Measuring {} at {}/s: {} requests", kind.title(), rate, prepared.requests());
                PhaseCost.Sample before = meter.before();
                PhaseResult p = generator.ask(new GeneratorProtocol.Run(), GeneratorProtocol.Ran.class).result();
                PhaseCost.Sample after = meter.after();
                PhaseCost cost = PhaseCost.between(before, after, p.succeeded(), clock);
                LOG.info("{} at {}/s: achieved {}, admission p99 {} ms, redemption p99 {} ms, send lag p99 {} ms, "
                                + "CPU µs/action {}, errors {}", kind.title(), rate, Math.round(p.achievedRate()),
                        LatencySummary.ms(p.admission().p99()), LatencySummary.ms(p.redemption().p99()),
                        LatencySummary.ms(p.sendLag().p99()), cost.cpuMicrosPerAction(), p.errors());
                phases.add(new MeasuredPhase(p, cost, prepared.atIssuer(), prepared.mintErrors()));
            }
        }
        return new Run(idle, phases);
    }

    /**
     * Lets the writs earlier phases left unredeemed run out and be recorded expired first, so that no
     * phase's figures carry another's EXPIRY records (D119).
     */
    static void settle(GeneratorProcess generator) {
        GeneratorProtocol.Settled settled = generator.ask(new GeneratorProtocol.Settle(EXPIRIES_SWEPT),
                GeneratorProtocol.Settled.class);
        if (settled.open() > 0) {
            LOG.info("Waited {} s for the {} writs earlier phases left unredeemed to expire and be recorded so",
                    settled.waitedMillis() / 1000, settled.open());
        }
    }

    /** What the processes use with no load at all (cluster heartbeats, timers, GC): the part of CPU per action that is not per action. */
    private static Map<String, Double> idle(CostMeter meter, CpuClock clock) {
        PhaseCost.Sample before = meter.before();
        long t0 = System.nanoTime();
        try {
            Thread.sleep(IDLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring idle CPU", e);
        }
        PhaseCost.Sample after = meter.after();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> perSecond = new LinkedHashMap<>();
        PhaseCost.cpuMicros(before, after, clock).forEach((group, micros) -> perSecond.put(group, micros / seconds));
        return perSecond;
    }
}
