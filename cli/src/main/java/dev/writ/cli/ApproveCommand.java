package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.ApprovalSigner;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.wire.ApprovalRequest;
import dev.writ.protocol.wire.ProposalResponse;
import java.io.IOException;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `writ approve`: a person approves an ESCALATE with their registered key (writ.approvals.approvers):
 * an {@link ApprovalSigner} statement about the proposal the node's answer names, which the node
 * turns into the writ.
 */
@Command(name = "approve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Approve an escalated proposal as a registered approver; answers ALLOW with the writ.",
                "Reads the ESCALATE answer that `writ propose -o json` printed."},
        footer = ClientExit.TABLE)
final class ApproveCommand extends ClientCommand {
    @Option(names = {"-e", "--escalation"}, required = true, paramLabel = "<file>",
            description = "the ESCALATE answer (`writ propose -o json`), - for stdin")
    private String escalation;

    @Option(names = "--approver", required = true, paramLabel = "<id>", description = "the approver's id, as in writ.approvals.approvers")
    private String approver;

    @Option(names = "--approver-key", required = true, paramLabel = "<file>", description = "the approver's key (PKCS#8 PEM)")
    private String approverKey;

    @Override
    public ClientOutput.Answer run() throws ClientOutput.Failure, ProtocolException, WritRefusedException, IOException {
        ProposalResponse escalated = ClientInput.answer(ClientInput.read(escalation, "the escalation"),
                ProposalResponse.newBuilder(), "the escalation " + escalation).build();
        ApprovalSigner signer = new ApprovalSigner(approver,
                KeyEncoding.signingKeyFromPem(ClientInput.read(approverKey, "the approver's key")), Clock.systemUTC());
        ApprovalRequest approval = signer.approve(escalated);
        return ProposalAnswer.of(node().build().approve(escalated.getApprovalId(), approval));
    }
}
