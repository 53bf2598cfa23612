package dev.writ.cli;

import dev.writ.protocol.client.WritClient;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * A client command (`writ propose`, `redeem`, ...): one {@link ClientOutput.Step} against the node
 * {@code --node} names, printed as {@code -o} asks and exiting with a {@link ClientExit} code.
 */
abstract class ClientCommand implements Callable<Integer>, ClientOutput.Step {
    @Mixin
    private NodeOptions node;

    @Mixin
    private OutputOptions output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** A client of the node, to which a command adds its credential. */
    final WritClient.Builder node() {
        return node.client();
    }

    @Override
    public final Integer call() {
        return ClientOutput.run(spec, output, this);
    }
}
