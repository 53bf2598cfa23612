package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.WritStatus;
import java.io.IOException;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `writ status <jti>`: where a writ is in its lifecycle (GET /v1/writs/{jti}). */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a writ's lifecycle: ISSUED, REDEEMED, EXPIRED or REVOKED, its agent, owner node and evidence.",
                "Reads are the operator's: sign with --operator and --operator-key.",
                "An unknown jti is refused by the node (exit 1, with its code)."},
        footer = ClientExit.TABLE)
final class StatusCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "<jti>", description = "the writ's id")
    private String jti;

    @Mixin
    private OperatorOptions operator;

    @Override
    public ClientOutput.Answer run() throws WritRefusedException, IOException, ClientOutput.Failure, ProtocolException {
        WritStatus status = operator.sign(node()).build().writStatus(jti);
        String text = status.getState() + " writ " + status.getJti() + " of " + status.getAgentId()
                + "\n  expires  " + Instant.ofEpochMilli(status.getExpiresAtMillis())
                + "\n  changed  " + Instant.ofEpochMilli(status.getChangedAtMillis())
                + "\n  owner    " + (status.getOwnerNode().isEmpty() ? "(not settled)" : status.getOwnerNode())
                + "\n  evidence " + status.getEvidenceList();
        return new ClientOutput.Answer(ClientExit.OK, text, ClientOutput.json(status));
    }
}
