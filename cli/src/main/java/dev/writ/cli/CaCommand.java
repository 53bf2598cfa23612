package dev.writ.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** `writ ca ...`: a domain's agent certificate authority (root offline, intermediate for the node). */
@Command(name = "ca",
        mixinStandardHelpOptions = true,
        description = {"Manage a domain's agent certificate authority.",
                "Exit codes of the subcommands: 0 done, 1 refused (the code is printed), 2 a file could not be read or written."},
        subcommands = {CaInitCommand.class, CaCsrCommand.class, CaIssueCommand.class, CaListCommand.class, CaNodeTlsCommand.class,
                CaOperatorCommand.class, CaPepCommand.class, CaRevokeCommand.class})
final class CaCommand implements Runnable {
    static final int DONE = 0;
    static final int REFUSED = 1;
    static final int UNREADABLE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
