package dev.writ.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `writ agent ...`: an agent's identity: its registration on chain by the domain admin, and its enrolment. */
@Command(name = "agent",
        mixinStandardHelpOptions = true,
        description = {"Register an agent on chain with its enrolment key, and enrol it at a node.",
                "Exit codes of the subcommands: 0 done, 1 refused (the code is printed), 2 a file could not be read or written."},
        subcommands = {AgentRegisterCommand.class, AgentEnrolCommand.class})
final class AgentCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
