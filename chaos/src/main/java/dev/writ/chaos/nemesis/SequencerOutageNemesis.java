package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.AnchoringReader;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.contracts.devchain.DevChain;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The chain the nodes anchor on goes away, in one of three ways drawn at random: block production
 * stops (a stalled sequencer: the RPC answers, transactions wait in the mempool, no block comes);
 * the chain node dies (anvil stopped: the RPC refuses connections); or first the one, then after
 * {@link #STALL_BEFORE_KILL} the other, so anchoring transactions sent into the stalled mempool
 * are lost with the node and must be sent again. Anchoring must queue durably meanwhile and the
 * nodes say DEGRADED; healing resumes blocks or restarts anvil on the same port from its saved
 * state (mined blocks only), measures how long until every record written before the chain came
 * back is confirmed on it (at most {@link #CATCH_UP_BOUND}; the figure goes into the history),
 * then waits until every node is HEALTHY again.
 */
public final class SequencerOutageNemesis implements Nemesis {
    /** In the stall-then-down mode, how long blocks stop before the chain node dies as well. */
    static final Duration STALL_BEFORE_KILL = Duration.ofSeconds(4);

    /** How long healing waits for the records written before the chain came back to be confirmed on it. */
    static final Duration CATCH_UP_BOUND = Duration.ofSeconds(30);

    /** How the chain fails. */
    enum Mode { STALL, DOWN, STALL_THEN_DOWN }

    private final SystemUnderTest sut;
    private Mode mode;

    public SequencerOutageNemesis(SystemUnderTest sut) {
        this.sut = sut;
    }

    @Override
    public FaultKind kind() {
        return FaultKind.SEQUENCER_OUTAGE;
    }

    @Override
    public Fault start(Random random) {
        DevChain chain = sut.chain().chain();
        mode = Mode.values()[random.nextInt(Mode.values().length)];
        return switch (mode) {
            case STALL -> {
                chain.pauseBlocks();
                yield new Fault(null, "sequencer stalled (anvil " + chain.rpcUrl() + " produces no blocks)");
            }
            case DOWN -> {
                chain.kill();
                yield new Fault(null, "chain node down (anvil " + chain.rpcUrl() + " stopped, state kept)");
            }
            case STALL_THEN_DOWN -> {
                chain.pauseBlocks();
                sleep(STALL_BEFORE_KILL);
                chain.kill();
                yield new Fault(null, "sequencer stalled for " + STALL_BEFORE_KILL.toSeconds() + " s, then chain node down "
                        + "(anvil " + chain.rpcUrl() + " stopped; its pending transactions are lost)");
            }
        };
    }

    @Override
    public String heal() {
        DevChain chain = sut.chain().chain();
        AnchoringReader anchoring = sut.anchoring();
        Map<String, Long> written;
        try {
            written = anchoring.laneHeads();
        } catch (SQLException e) {
            written = null; // the catch-up is then not measured; the drill's anchoring check still judges it
        }
        String done;
        if (mode == Mode.STALL) {
            chain.resumeBlocks();
            done = "block production resumed";
        } else {
            chain.restart();
            done = "chain node restarted from its saved state";
        }
        String catchUp = written == null ? "catch-up not measured (the evidence heads could not be read)"
                : anchoring.awaitConfirmed(written, CATCH_UP_BOUND)
                        .map(d -> "anchoring caught up " + d.toMillis() + " ms later (every record written before "
                                + "the chain came back confirmed on it)")
                        .orElse("anchoring had not caught up " + CATCH_UP_BOUND.toSeconds() + " s later");
        List<String> also = sut.restoreAll();
        return done + "; " + catchUp + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
