package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.workload.LoadControl;
import java.util.Locale;
import java.util.Random;

/**
 * A burst of load: the clients offer {@value #FACTOR} times the steady rate for the fault window,
 * then the steady rate again. Nothing is broken; what is judged is that the nodes shed what they
 * cannot take with a retryable refusal (OVERLOADED, 503 with Retry-After) rather than losing or
 * double-counting anything, and that service is back once the burst ends.
 */
public final class BurstNemesis implements Nemesis {
    public static final int FACTOR = 5;

    private final LoadControl load;

    public BurstNemesis(LoadControl load) {
        this.load = load;
    }

    @Override
    public FaultKind kind() {
        return FaultKind.BURST;
    }

    @Override
    public Fault start(Random random) {
        load.multiply(FACTOR);
        return new Fault(null, String.format(Locale.ROOT, "burst: %dx the steady load, %.1f operations/s", FACTOR,
                FACTOR * load.steadyRate()));
    }

    @Override
    public String heal() {
        load.multiply(1);
        return String.format(Locale.ROOT, "steady load again, %.1f operations/s", load.steadyRate());
    }
}
