package dev.writ.cli;

import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.TopologyFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `writ fabric --topology <file>`: starts the domains, regions and nodes a topology file describes, until stopped. */
@Command(name = "fabric", mixinStandardHelpOptions = true,
        description = {"Start a local fabric from a topology file (docs/regions.md, examples/*.conf) and keep it",
                "running until Ctrl-C: every node a JVM, each domain its database (a primary and a synchronous",
                "standby in the regions the file names with database = replicated-postgres), and a delaying relay",
                "on every link between two regions (HTTP, Artery, database). Prints each node's HTTP API as every",
                "region reaches it.",
                "Exit 0: started and stopped; 1: could not start; 2: bad usage or a bad topology file."})
final class FabricCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--topology", required = true, paramLabel = "<file>",
            description = "the topology file (HOCON or .json): regions, domains, their nodes and database placement")
    private Path topology;

    @Option(names = "--out", defaultValue = "out/fabric", paramLabel = "<dir>",
            description = "where node logs, data, identities and databases go (default: ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--no-tls", description = "plain Artery TCP between the nodes instead of mutual TLS")
    private boolean noTls;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter print = spec.commandLine().getOut();
        TopologyFile file;
        try {
            file = TopologyFile.read(topology);
        } catch (IllegalArgumentException e) {
            err.println("writ fabric: " + e.getMessage());
            err.flush();
            return 2;
        }
        FabricOptions options = file.applyTo(FabricOptions.builder(out.toAbsolutePath()).mutualTls(!noTls)).build();
        LocalFabric fabric;
        try {
            fabric = LocalFabric.launch(file.topology(), options);
        } catch (RuntimeException e) {
            err.println("writ fabric: could not start: " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fabric.close();
            stopped.countDown();
        }, "writ-fabric-stop"));
        print.printf("Fabric up: domains %s in regions %s, %d ms round trip between regions; %s%n",
                file.topology().domains(), file.topology().regions(), file.roundTrip().toMillis(),
                fabric.databaseDescription());
        for (String id : fabric.nodeIds()) {
            print.printf("  %-20s domain %-10s region %-10s log %s%n", id, file.topology().domainOf(id),
                    file.topology().regionOf(id), fabric.logFile(id));
            for (String region : file.topology().regions()) {
                print.printf("      from %-10s %s%n", region, fabric.httpUri(id, region));
            }
        }
        print.println("Ctrl-C stops every node, relay and database.");
        print.flush();
        stopped.await();
        return 0;
    }
}
