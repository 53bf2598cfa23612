package dev.writ.bench;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What the bench and its load-generator JVM ({@link GeneratorMain}) say to each other, as Java
 * serialization over the generator's stdin and stdout: first a {@link Setup}, then one
 * {@link Command} at a time, each answered by one {@link Reply}.
 */
public final class GeneratorProtocol {
    private GeneratorProtocol() {
    }

    /**
     * How the generator reaches the nodes and makes its actions.
     *
     * @param identityDir the domain's identity directory ({@code FabricIdentity}) to certify agents and
     *                    sign proposals with; empty for unsigned proposals
     * @param placements  each target's {@link Placement#label()}, by target; empty when the fabric has no regions
     */
    public record Setup(List<String> targets, String domain, String tag, int actionsPerAgent, String identityDir,
                        LoadGenerator.Settings settings, List<String> placements) implements Serializable {
        public Setup {
            targets = List.copyOf(targets);
            placements = List.copyOf(placements);
        }
    }

    public sealed interface Command extends Serializable permits Prepare, Run, Settle, Saturate, Stop {
    }

    /**
     * Build (and sign) the next phase's requests; for {@link PhaseKind#REDEMPTION}, first run the
     * unmeasured admission pass that mints its writs, at the same rate.
     */
    public record Prepare(PhaseKind kind, double rate, Duration duration) implements Command {
    }

    /** Send the prepared phase, open loop, and answer its figures. */
    public record Run() implements Command {
    }

    /**
     * Wait, if earlier phases left writs unredeemed, until {@code swept} after the last one's expiry,
     * so that the nodes' EXPIRY records of them fall before the next phase ({@link OpenWrits}).
     */
    public record Settle(Duration swept) implements Command {
    }

    /** The closed-loop saturation of the first node. */
    public record Saturate(List<Integer> concurrencies, Duration step, Duration settle) implements Command {
        public Saturate {
            concurrencies = List.copyOf(concurrencies);
        }
    }

    /** Exit. */
    public record Stop() implements Command {
    }

    public sealed interface Reply extends Serializable permits Prepared, Ran, Settled, Saturated, Failed {
    }

    /**
     * The phase is built.
     *
     * @param requests  how many requests it holds
     * @param atIssuer  redemptions only: how many go to the node that minted their writ
     * @param mintErrors redemptions only: proposals of the mint pass that got no writ
     */
    public record Prepared(int requests, long atIssuer, long mintErrors) implements Reply {
    }

    public record Ran(PhaseResult result) implements Reply {
    }

    /** {@code open} writs had been left unredeemed, and the generator waited {@code waitedMillis} for their expiry. */
    public record Settled(long open, long waitedMillis) implements Reply {
    }

    public record Saturated(String node, double stepSeconds, List<SaturationResult.Step> steps) implements Reply {
        public Saturated {
            steps = List.copyOf(steps);
        }
    }

    public record Failed(String message) implements Reply {
    }
}
