package dev.writ.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `writ domain trust ...`: the partner roots in a node's Artery trust store, changed without a restart. */
@Command(name = "trust",
        mixinStandardHelpOptions = true,
        description = {"Show a root's fingerprint, and add, remove or list the partner roots a node trusts.",
                "The running node uses a changed store for its next connections, without a restart."},
        subcommands = {DomainTrustFingerprintCommand.class, DomainTrustAddCommand.class, DomainTrustRemoveCommand.class,
                DomainTrustListCommand.class})
final class DomainTrustCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
