package dev.writ.cli;

import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.HealthReason;
import java.io.IOException;
import picocli.CommandLine.Command;

/** `writ health`: the node's HEALTHY / DEGRADED / FAILED and each check's finding (GET /v1/health), as an exit code too. */
@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a node's health and each check's finding: exit 0 HEALTHY, 6 DEGRADED, 7 FAILED."},
        footer = ClientExit.TABLE)
final class HealthCommand extends ClientCommand {
    @Override
    public ClientOutput.Answer run() throws WritRefusedException, IOException {
        Health health = node().build().health();
        StringBuilder text = new StringBuilder(health.getStatus() + " node " + health.getNodeId() + " of domain "
                + health.getDomain() + "; members up: " + health.getMembersUpList());
        for (HealthReason reason : health.getReasonsList()) {
            text.append("\n  ").append(reason.getStatus()).append(' ').append(reason.getCheck()).append(": ")
                    .append(reason.getDetail());
        }
        int exit = switch (health.getStatus()) {
            case "HEALTHY" -> ClientExit.OK;
            case "DEGRADED" -> ClientExit.DEGRADED;
            default -> ClientExit.FAILED;
        };
        return new ClientOutput.Answer(exit, text.toString(), ClientOutput.json(health));
    }
}
