package dev.writ.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `writ console ...`: the node's operator console (writ.console). */
@Command(name = "console",
        mixinStandardHelpOptions = true,
        description = {"The operator console a node serves on its own loopback port (writ.console.enabled).",
                "`writ console login` signs a request for a single-use login code and prints the URL to open."},
        subcommands = {ConsoleLoginCommand.class})
final class ConsoleCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
