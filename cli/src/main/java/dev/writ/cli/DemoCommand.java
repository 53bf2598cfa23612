package dev.writ.cli;

import dev.writ.demo.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `writ demo`: the main job on embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true, subcommands = DemoRegionsCommand.class,
        description = {"Run the main job: a 3-node domain on embedded defaults and a scripted story.",
                "",
                "Starts a dev chain and three node JVMs on an embedded H2 server, registers an agent on chain with",
                "its enrolment key, certifies it from a CSR of that key (refusing an impostor's) and renews it,",
                "and drives it through allowed, replayed, denied, escalated, revoked and drifted actions and a",
                "policy change, refuses a second agent revoked on chain, writes and verifies proof bundles, and",
                "stops every process. Exit 0 when every step went as expected.",
                "`writ demo regions`: the multi-region part on its own (a region lost)."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "out/demo", paramLabel = "<dir>",
            description = "where node logs, data and bundles go (emptied first; default: ${DEFAULT-VALUE})")
    private Path out;

    @Override
    public Integer call() throws Exception {
        return new Demo(System.out, out.toAbsolutePath()).run();
    }
}
