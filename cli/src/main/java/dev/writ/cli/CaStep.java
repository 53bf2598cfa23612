package dev.writ.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A `ca` or `agent` subcommand: one {@link CaOutput.Step} that prints to the console, run by
 * {@link CaOutput} (a refusal or an unreadable file becomes one line with its code and exit code).
 */
abstract class CaStep implements Callable<Integer>, CaOutput.Step {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        return CaOutput.run(spec, this);
    }
}
