package dev.writ.node.admission;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.ActionProposal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProposalFreshnessTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ProposalFreshness FRESHNESS = new ProposalFreshness(Duration.ofMinutes(5), Duration.ofSeconds(30));

    private static ActionProposal dated(Instant at) {
        return ActionProposal.newBuilder().setProposalId("p-1").setProposedAtMillis(at.toEpochMilli()).build();
    }

    @Test
    void aProposalDatedFromMaxAgeAgoToSkewAheadIsFresh() {
        for (Instant at : new Instant[] {NOW, NOW.minus(Duration.ofMinutes(5)), NOW.plusSeconds(30), NOW.minusSeconds(1)}) {
            assertThatCode(() -> FRESHNESS.require(dated(at), NOW)).as("dated " + at).doesNotThrowAnyException();
        }
    }

    @Test
    void aProposalOlderThanTheMaxAgeIsStale() {
        assertStale(dated(NOW.minus(Duration.ofMinutes(5)).minusMillis(1)));
    }

    @Test
    void aProposalFurtherAheadThanTheSkewIsStale() {
        assertStale(dated(NOW.plusSeconds(30).plusMillis(1)));
        assertStale(dated(Instant.ofEpochMilli(Long.MAX_VALUE)));
    }

    @Test
    void anUndatedProposalIsStale() {
        assertStale(ActionProposal.newBuilder().setProposalId("p-1").build());
    }

    private static void assertStale(ActionProposal proposal) {
        assertThatThrownBy(() -> FRESHNESS.require(proposal, NOW)).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(RefusalCode.PROPOSAL_STALE);
            assertThat(r.subject()).isEqualTo("p-1");
        });
    }
}
