package dev.writ.cli;

import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.HealthReason;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `writ health`: the node's HEALTHY / DEGRADED / FAILED and each check's finding (GET /v1/health), as an exit code too. */
@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show a node's health and each check's finding: exit 0 HEALTHY, 6 DEGRADED, 7 FAILED."},
        footer = ClientExit.TABLE)
final class HealthCommand implements Callable<Integer> {
    @Mixin
    private NodeOptions node;

    @Mixin
    private OutputOptions output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return ClientOutput.run(spec, output, () -> {
            Health health = node.client().build().health();
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
        });
    }
}
