package dev.writ.bench;

import dev.writ.fabric.FabricIdentity;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The load generator's own JVM ({@code java -cp <classpath> dev.writ.bench.GeneratorMain}, started
 * by {@link GeneratorProcess}): it holds the connections, builds and signs each phase's requests
 * when told to prepare it, and sends them when told to run, so that neither the fabric launcher
 * nor the signing competes with its schedule thread. Its stdout carries {@link GeneratorProtocol}
 * only; everything else printed goes to stderr.
 */
public final class GeneratorMain {
    private GeneratorMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run();
        } finally {
            System.exit(0); // nothing of the generator outlives its conversation with the bench
        }
    }

    /** A built phase and what to tell the bench about it. */
    private record Ready(PreparedPhase phase, GeneratorProtocol.Prepared reply) {
    }

    private static Ready prepare(GeneratorProtocol.Prepare p, PhasePlanner planner, LoadGenerator load) {
        if (p.kind() != PhaseKind.REDEMPTION) {
            PreparedPhase phase = planner.proposals(p.kind(), p.rate(), p.duration());
            return new Ready(phase, new GeneratorProtocol.Prepared(phase.requests().size(), 0, 0));
        }
        PhasePlanner.MintPass mint = planner.mintPass(p.rate(), p.duration());
        LoadGenerator.PhaseRun minted = load.openLoop(mint.phase());
        PhasePlanner.Redemptions r = planner.redemptions(mint, minted.writs(), p.rate(), p.duration());
        return new Ready(r.phase(), new GeneratorProtocol.Prepared(r.phase().requests().size(), r.atIssuer(),
                minted.result().scheduled() - minted.result().succeeded()));
    }

    private static void run() throws Exception {
        PrintStream protocol = System.out;
        System.setOut(System.err); // logging must not corrupt the protocol stream
        ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(protocol));
        out.flush();
        ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(System.in));
        GeneratorProtocol.Setup setup = (GeneratorProtocol.Setup) in.readObject();
        Optional<FabricIdentity> identity = setup.identityDir().isEmpty() ? Optional.empty()
                : Optional.of(FabricIdentity.openOrCreate(setup.domain(), Path.of(setup.identityDir())));
        BenchActions actions = new BenchActions(new AgentRotation(setup.domain(), setup.tag(), setup.actionsPerAgent()),
                "bench-" + setup.tag(), identity);
        PhasePlanner planner = new PhasePlanner(actions, setup.targets().size());
        try (LoadGenerator load = new LoadGenerator(setup.targets().stream().map(URI::create).toList(), setup.placements(),
                setup.settings())) {
            Ready prepared = null;
            while (true) {
                GeneratorProtocol.Command command;
                try {
                    command = (GeneratorProtocol.Command) in.readObject();
                } catch (EOFException launcherGone) {
                    return;
                }
                if (command instanceof GeneratorProtocol.Stop) {
                    return;
                }
                GeneratorProtocol.Reply reply;
                try {
                    if (command instanceof GeneratorProtocol.Prepare p) {
                        prepared = prepare(p, planner, load);
                        reply = prepared.reply();
                    } else if (command instanceof GeneratorProtocol.Run) {
                        if (prepared == null) {
                            throw new IllegalStateException("run before prepare");
                        }
                        reply = new GeneratorProtocol.Ran(load.openLoop(prepared.phase()).result());
                        prepared = null;
                    } else if (command instanceof GeneratorProtocol.Settle s) {
                        reply = load.openWrits().settle(s.swept());
                    } else {
                        GeneratorProtocol.Saturate s = (GeneratorProtocol.Saturate) command;
                        SaturationResult sat = load.saturate(0, s.concurrencies(), s.step(), s.settle(), planner::nextProposal);
                        reply = new GeneratorProtocol.Saturated(sat.node(), sat.stepSeconds(), sat.steps());
                    }
                } catch (RuntimeException e) {
                    e.printStackTrace();
                    reply = new GeneratorProtocol.Failed(e.toString());
                }
                out.writeObject(reply);
                out.reset();
                out.flush();
            }
        }
    }
}
