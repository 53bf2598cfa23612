package dev.writ.cli;

import dev.writ.fabric.bench.BenchMain;
import dev.writ.fabric.bench.BenchOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** `writ bench node [options]`: the open-loop load generator against a local 3-node domain. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure a local domain under load and write the figures to a file.",
                "",
                "Open-loop propose+redeem at fixed arrival rates (HdrHistogram, latency from the intended",
                "send time), then the saturation throughput of one node.",
                "Writes bench-<time>.json and .md to --out. Scenario: node (the only one so far).",
                "",
                BenchOptions.USAGE})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = "node", paramLabel = "<scenario>",
            description = "what to measure: node (default)")
    private String scenario;

    @Unmatched
    private List<String> options = new ArrayList<>();

    @Override
    public Integer call() {
        if (!scenario.equals("node")) {
            System.err.println("unknown scenario '" + scenario + "'; the scenario is: node");
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
