package dev.writ.cli;

import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.Reason;

/**
 * A node's answer to a proposal or an approval, as the client commands print it: ALLOW (exit 0,
 * with the writ), DENY (4, with every reason) or ESCALATE (5, with the approval id). The JSON is the
 * answer's proto3 JSON mapping, which `writ redeem --writ` and `writ approve --escalation` read back.
 */
final class ProposalAnswer {
    private ProposalAnswer() {
    }

    static ClientOutput.Answer of(ProposalResponse answer) {
        StringBuilder text = new StringBuilder(answer.getDecision() + " proposal " + answer.getProposalId());
        int exit = switch (answer.getDecision()) {
            case ALLOW -> {
                text.append(": writ ").append(answer.getJti()).append('\n').append(answer.getWrit());
                yield ClientExit.OK;
            }
            case ESCALATE -> {
                text.append(": waiting for approval ").append(answer.getApprovalId())
                        .append(" (writ approve --escalation <this answer as -o json>)");
                yield ClientExit.ESCALATE;
            }
            case DENY -> ClientExit.DENY;
            default -> ClientExit.REFUSED;
        };
        for (Reason reason : answer.getReasonsList()) {
            text.append("\n  ").append(reason.getCode()).append(": ").append(reason.getDetail());
        }
        return new ClientOutput.Answer(exit, text.toString(), ClientOutput.json(answer));
    }
}
