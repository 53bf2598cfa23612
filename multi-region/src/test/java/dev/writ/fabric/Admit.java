package dev.writ.fabric;

import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.ProposalResponse;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Proposes until the node answers with a decision: a budget owner that gives no slice within
 * writ.budgets.refill-timeout (a new agent's first, on shared cores) is refused 503
 * BUDGET_UNAVAILABLE, nothing decided, retry (D63). A HEALTHY node has warmed its way to
 * the owners, so this is rare; not what the calling test is about.
 */
final class Admit {
    private Admit() {
    }

    static ProposalResponse admit(WritClient client, Supplier<ActionProposal> proposal) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try {
                return client.propose(proposal.get());
            } catch (WritRefusedException e) {
                if (!e.code().equals("BUDGET_UNAVAILABLE") || Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            Thread.sleep(200);
        }
    }
}
