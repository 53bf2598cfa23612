package dev.writ.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.RedemptionRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhasePlannerTest {
    private final PhasePlanner planner = new PhasePlanner(new BenchActions(new AgentRotation("acme", "t", 12), "bench-t"), 3);

    @Test
    void aPhaseHoldsRateTimesDurationProposalsRoundRobinEachWithItsRedemptionForAnAction() throws Exception {
        PreparedPhase p = planner.proposals(PhaseKind.ACTION, 20, Duration.ofSeconds(5));

        assertThat(p.requests()).hasSize(100);
        assertThat(p.requests().stream().map(PreparedPhase.Request::node).limit(4)).containsExactly(0, 1, 2, 0);
        ActionProposal proposal = parse(p.requests().get(7).body(), ActionProposal.newBuilder()).build();
        RedemptionRequest redemption = parse(p.requests().get(7).redeem().orElseThrow().with("h.c.s"),
                RedemptionRequest.newBuilder()).build();
        assertThat(redemption.getWrit()).isEqualTo("h.c.s");
        assertThat(redemption.getMutation()).isEqualTo(proposal.getAction());
        assertThat(planner.proposals(PhaseKind.ADMISSION, 20, Duration.ofSeconds(1)).requests())
                .allMatch(r -> r.redeem().isEmpty());
    }

    @Test
    void proposalIdsNeverRepeatAcrossPhases() throws Exception {
        List<String> ids = new ArrayList<>();
        for (PreparedPhase p : List.of(planner.proposals(PhaseKind.ADMISSION, 10, Duration.ofSeconds(1)),
                planner.proposals(PhaseKind.ACTION, 10, Duration.ofSeconds(1)), planner.mintPass(10, Duration.ofSeconds(1)).phase())) {
            for (PreparedPhase.Request r : p.requests()) {
                ids.add(parse(r.body(), ActionProposal.newBuilder()).getProposalId());
            }
        }
        ids.add(parse(planner.nextProposal(), ActionProposal.newBuilder()).getProposalId());
        assertThat(ids).as("saturation's proposals too").doesNotHaveDuplicates().hasSize(31);
    }

    @Test
    void redemptionsGoRoundRobinSoOneInNLandsOnTheWritsIssuer() throws Exception {
        PhasePlanner.MintPass mint = planner.mintPass(90, Duration.ofSeconds(1));
        List<String> writs = new ArrayList<>(Collections.nCopies(90, (String) null));
        for (int j = 0; j < 90; j++) {
            writs.set(j, "w.r." + j);
        }

        PhasePlanner.Redemptions r = planner.redemptions(mint, writs, 90, Duration.ofSeconds(1));

        assertThat(r.phase().kind()).isEqualTo(PhaseKind.REDEMPTION);
        assertThat(r.phase().requests().stream().map(PreparedPhase.Request::node).limit(6)).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(r.atIssuer()).isEqualTo(30);
        assertThat(mint.phase().requests().stream().map(PreparedPhase.Request::node).limit(9))
                .as("each node mints for every redeeming node in turn").containsExactly(0, 1, 2, 1, 2, 0, 2, 0, 1);
        RedemptionRequest fifth = parse(r.phase().requests().get(5).body(), RedemptionRequest.newBuilder()).build();
        assertThat(fifth.getWrit()).isEqualTo("w.r.5");
        assertThat(fifth.getMutation()).isEqualTo(mint.proposals().get(5).getAction());
    }

    @Test
    void writsTheMintPassDidNotGetAreLeftOut() {
        PhasePlanner.MintPass mint = planner.mintPass(3, Duration.ofSeconds(1));
        PhasePlanner.Redemptions r = planner.redemptions(mint, java.util.Arrays.asList("a.b.c", null, "d.e.f"), 3,
                Duration.ofSeconds(1));

        assertThat(r.phase().requests()).hasSize(2);
        assertThat(r.phase().requests().get(1).node()).isEqualTo(1);
    }

    @Test
    void aRedemptionPhaseIsNotBuiltFromProposals() {
        assertThatThrownBy(() -> planner.proposals(PhaseKind.REDEMPTION, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("minted");
    }

    private static <B extends com.google.protobuf.Message.Builder> B parse(byte[] json, B builder) throws Exception {
        JsonFormat.parser().merge(new String(json, StandardCharsets.UTF_8), builder);
        return builder;
    }
}
