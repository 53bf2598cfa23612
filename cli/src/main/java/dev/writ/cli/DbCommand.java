package dev.writ.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `writ db ...`: a domain's replicated PostgreSQL database across regions (docs/regions.md). */
@Command(name = "db",
        mixinStandardHelpOptions = true,
        description = {"Operate a domain's database across regions: a primary and synchronous standbys (docs/regions.md)."},
        subcommands = {DbRejoinCommand.class})
final class DbCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
