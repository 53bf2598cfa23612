package dev.writ.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `writ domain key ...`: the domain's node signing keys in the AgentRegistry, added and revoked by its admin. */
@Command(name = "key",
        mixinStandardHelpOptions = true,
        description = {"Add a node's signing key to the domain's keys on chain, or revoke one (domain admin).",
                "Partner domains verify the domain's envelopes and writs against these keys only."},
        subcommands = {DomainKeyAddCommand.class, DomainKeyRevokeCommand.class})
final class DomainKeyCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
