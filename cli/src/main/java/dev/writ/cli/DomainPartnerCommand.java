package dev.writ.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `writ domain partner ...`: a node's partner list (its writ.exchange.partners-file), changed without a restart. */
@Command(name = "partner",
        mixinStandardHelpOptions = true,
        description = {"Add, remove or list the partner domains in a node's writ.exchange.partners-file.",
                "The running node takes the changed list within writ.exchange.partners-file-check-interval, without a restart."},
        subcommands = {DomainPartnerAddCommand.class, DomainPartnerRemoveCommand.class, DomainPartnerListCommand.class})
final class DomainPartnerCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
