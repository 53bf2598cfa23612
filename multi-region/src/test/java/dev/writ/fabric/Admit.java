package dev.writ.fabric;

import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Proposes until the decision no longer rests on a budget the young cluster could not reach yet:
 * right after start the sharding coordinator may still be registering regions, and a node then
 * refuses with BUDGET_UNAVAILABLE (fail-closed and correct, but not what the calling test is about).
 */
final class Admit {
    private Admit() {
    }

    static ProposalResponse admit(WritClient client, Supplier<ActionProposal> proposal) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            ProposalResponse response = client.propose(proposal.get());
            boolean warmingUp = response.getDecision() == Decision.DENY && response.getReasonsList().stream()
                    .anyMatch(r -> r.getCode().equals("BUDGET_UNAVAILABLE"));
            if (!warmingUp || Instant.now().isAfter(deadline)) {
                return response;
            }
            Thread.sleep(200);
        }
    }
}
