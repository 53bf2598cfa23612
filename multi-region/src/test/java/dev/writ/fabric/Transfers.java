package dev.writ.fabric;

import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;

/** The fabric tests' action: a EUR transfer on payments-api, and the redemption a PEP sends for it. */
final class Transfers {
    private Transfers() {
    }

    static Action action(String amount) {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer").putParameters("amount", amount)
                .putParameters("currency", "EUR").setClassification("internal").build();
    }

    static RedemptionRequest redemption(ProposalResponse issued, String amount) {
        return RedemptionRequest.newBuilder().setWrit(issued.getWrit()).setMutation(action(amount))
                .putObserved("account.balance", "100000").setPepId("pep-it").build();
    }
}
