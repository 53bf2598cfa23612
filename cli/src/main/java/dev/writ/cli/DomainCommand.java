package dev.writ.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * `writ domain ...`: what an organisation's operator runs to join a shared cluster or leave it
 * (README, "Joining a shared cluster as a new organisation"; docs/decisions.md, D65).
 */
@Command(name = "domain",
        mixinStandardHelpOptions = true,
        description = {"Join a shared cluster as a new organisation, or leave it: partner roots, partner list, registry entry,"
                        + " node keys.",
                "Exit codes of the subcommands: 0 done, 1 refused (the code is printed), 2 a file could not be read or written."},
        subcommands = {DomainTrustCommand.class, DomainPartnerCommand.class, DomainRegisterCommand.class,
                DomainKeyCommand.class})
final class DomainCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
