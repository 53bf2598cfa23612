package dev.writ.cli;

import dev.writ.bench.BenchMain;
import dev.writ.bench.BenchOptions;
import dev.writ.bench.RevocationBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * `writ bench node [options]`: the open-loop load generator against a local 3-node domain;
 * `writ bench revocation [options]`: revocation propagation across two domains under load.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure a local domain under load and write the figures to a file.",
                "",
                "Open-loop propose+redeem at fixed arrival rates (HdrHistogram, latency from the intended",
                "send time), then the saturation throughput of one node.",
                "Writes bench-<time>.json and .md to --out.",
                "With --topology <file>: the fabric the topology file describes (regions, relays, its database),",
                "load on acme's nodes from a client in each of acme's regions, and the latency of every phase per",
                "(client region, node region) too (docs/regions.md).",
                "",
                "Scenario revocation: two domains on a dev chain (acme 3 nodes, globex 1), load on acme, revocations",
                "one at a time; how long until every node of both domains holds each one, the exchange's overhead,",
                "and how long continuity takes to be proven again after the partner was frozen.",
                "",
                BenchOptions.USAGE,
                RevocationBench.Options.USAGE})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = "node", paramLabel = "<scenario>",
            description = "what to measure: node (default) or revocation")
    private String scenario;

    @Unmatched
    private List<String> options = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (scenario.equals("revocation")) {
            RevocationBench.Options parsed;
            try {
                parsed = RevocationBench.Options.parse(options);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.err.println(RevocationBench.Options.USAGE);
                return 2;
            }
            RevocationBench.run(parsed);
            return 0;
        }
        if (!scenario.equals("node")) {
            System.err.println("unknown scenario '" + scenario + "'; the scenarios are: node, revocation");
            return 2;
        }
        BenchOptions parsed;
        try {
            parsed = BenchOptions.parse(options.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            return 2;
        }
        BenchMain.run(parsed);
        return 0;
    }
}
