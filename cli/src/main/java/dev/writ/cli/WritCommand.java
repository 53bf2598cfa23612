package dev.writ.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `writ` command line (docs/architecture.md, "Command line"). */
@Command(name = "writ",
        mixinStandardHelpOptions = true,
        version = "writ 0.1.0",
        description = "Writ: signed, single-use execution identities for AI agent actions, with verifiable evidence.",
        subcommands = {AgentCommand.class, BenchCommand.class, CaCommand.class, DemoCommand.class, DrillCommand.class, FabricCommand.class, NodeCommand.class,
                DomainCommand.class, DbCommand.class, VerifyCommand.class, ProposeCommand.class, ProveCommand.class, RedeemCommand.class, ApproveCommand.class, RevokeCommand.class,
                StatusCommand.class, BundleCommand.class, HealthCommand.class, ConsoleCommand.class, CommandLine.HelpCommand.class})
public final class WritCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new WritCommand()).execute(args));
    }
}
