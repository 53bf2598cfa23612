package dev.writ.fabric;

import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;
import java.time.Instant;

/** The fabric tests' action: a EUR transfer on payments-api, and the redemption a PEP sends for it. */
final class Transfers {
    private Transfers() {
    }

    static Action action(String amount) {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer").putParameters("amount", amount)
                .putParameters("currency", "EUR").setClassification("internal").build();
    }

    /**
     * The redemption the PEP of {@code pep} (its client's PEP credential) sends for {@code issued},
     * with the possession proof {@code agent}, which proposed it, made now for that PEP: the writ
     * names the agent's key (D61).
     */
    static RedemptionRequest redemption(ProposalResponse issued, String amount, AgentCredential agent, WritClient pep) {
        return RedemptionRequest.newBuilder().setWrit(issued.getWrit()).setMutation(action(amount))
                .putObserved("account.balance", "100000").setPepId("pep-it")
                .setPossession(agent.prove(issued, action(amount), pep.pepCredential().orElseThrow().pepId().uri(),
                        Instant.now()))
                .build();
    }
}
