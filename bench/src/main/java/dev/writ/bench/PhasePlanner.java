package dev.writ.bench;

import dev.writ.protocol.wire.ActionProposal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the requests of a phase ahead of it ({@link PreparedPhase}): proposals signed by their
 * agents (each agent certified the first time it appears, here, not during the phase), and
 * redemptions of writs minted before.
 *
 * <p>Where requests go: proposal {@code i} of a phase to node {@code i mod n}; for the mint pass of
 * a redemption-only phase, writ {@code j} is minted by node {@link #issuerOf issuerOf(j)} =
 * {@code (j + j div n) mod n} and redeemed at node {@code j mod n}, so every node redeems the
 * writs of every issuer in equal shares and 1 in n redemptions lands on its writ's issuer.
 */
final class PhasePlanner {
    private final BenchActions actions;
    private final int nodes;
    private final AtomicLong sequence = new AtomicLong();

    PhasePlanner(BenchActions actions, int nodes) {
        this.actions = actions;
        this.nodes = nodes;
    }

    /** Rate x duration proposals (with their redemption for {@link PhaseKind#ACTION}), round-robin. */
    PreparedPhase proposals(PhaseKind kind, double rate, Duration duration) {
        if (kind == PhaseKind.REDEMPTION) {
            throw new IllegalArgumentException("a redemption phase is built from minted writs: use redemptions()");
        }
        long count = new OpenLoopSchedule(0, rate).countWithin(duration);
        List<PreparedPhase.Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ActionProposal p = actions.proposal(sequence.getAndIncrement());
            requests.add(new PreparedPhase.Request(i % nodes, bytes(BenchActions.json(p)),
                    kind == PhaseKind.ACTION ? Optional.of(template(p)) : Optional.empty()));
        }
        return new PreparedPhase(kind, rate, duration, requests);
    }

    /** The next proposal's JSON, built now: for the closed-loop saturation run, which cannot know how many it needs. */
    byte[] nextProposal() {
        return bytes(BenchActions.json(actions.proposal(sequence.getAndIncrement())));
    }

    /** The unmeasured admission pass before a redemption phase: proposal {@code j} to {@link #issuerOf(int)}. */
    MintPass mintPass(double rate, Duration duration) {
        long count = new OpenLoopSchedule(0, rate).countWithin(duration);
        List<ActionProposal> proposals = new ArrayList<>();
        List<PreparedPhase.Request> requests = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            ActionProposal p = actions.proposal(sequence.getAndIncrement());
            proposals.add(p);
            requests.add(new PreparedPhase.Request(issuerOf(j), bytes(BenchActions.json(p)), Optional.empty()));
        }
        return new MintPass(new PreparedPhase(PhaseKind.ADMISSION, rate, duration, requests), proposals);
    }

    /** The proposals of a mint pass and the requests that send them. */
    record MintPass(PreparedPhase phase, List<ActionProposal> proposals) {
    }

    /**
     * Redemptions of the writs the mint pass got ({@code writs.get(j)} answers proposal {@code j},
     * null when it was not admitted), in order, redemption {@code k} to node {@code k mod n}.
     */
    Redemptions redemptions(MintPass mint, List<String> writs, double rate, Duration duration) {
        List<PreparedPhase.Request> requests = new ArrayList<>();
        long atIssuer = 0;
        for (int j = 0; j < writs.size(); j++) {
            String writ = writs.get(j);
            if (writ == null) {
                continue;
            }
            int node = requests.size() % nodes;
            if (node == issuerOf(j)) {
                atIssuer++;
            }
            requests.add(new PreparedPhase.Request(node, redemption(mint.proposals().get(j), writ), Optional.empty()));
        }
        return new Redemptions(new PreparedPhase(PhaseKind.REDEMPTION, rate, duration, requests), atIssuer);
    }

    /** A redemption phase and how many of its redemptions go to the node that minted their writ. */
    record Redemptions(PreparedPhase phase, long atIssuer) {
    }

    int issuerOf(int j) {
        return (j + j / nodes) % nodes;
    }

    private PreparedPhase.RedemptionTemplate template(ActionProposal p) {
        return new PreparedPhase.RedemptionTemplate(writ -> redemption(p, writ));
    }

    private byte[] redemption(ActionProposal p, String writ) {
        return bytes(BenchActions.json(actions.redemption(p, writ)));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
