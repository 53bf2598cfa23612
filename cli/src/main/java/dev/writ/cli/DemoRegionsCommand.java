package dev.writ.cli;

import dev.writ.demo.RegionsDemo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `writ demo regions`: the multi-region part of the demo, on its own so that `writ demo` stays as fast. */
@Command(name = "regions", mixinStandardHelpOptions = true,
        description = {"Run the multi-region part of the demo: one domain in two regions.",
                "",
                "Starts a topology file's fabric as `writ fabric --topology` does: a relay",
                "adding the round trip on every link between the regions, a PostgreSQL",
                "primary in one region and a synchronous standby in the other. Admits in",
                "the primary's region, redeems there and from the other region, shows each",
                "region granting only its share of the budget, then loses the primary's",
                "region (nodes killed, primary stopped, links cut), promotes the standby,",
                "and shows the other region admitting and redeeming again (the RTO) with",
                "single use held across the promotion. Stops every process.",
                "Exit 0 when every step went as expected. Needs initdb and pg_ctl."})
final class DemoRegionsCommand implements Callable<Integer> {
    static final String DEFAULT_TOPOLOGY = "examples/topology-one-domain-two-regions.conf";

    @Option(names = "--topology", paramLabel = "<file>",
            description = "one domain in two regions, database = replicated-postgres, fewer nodes in the primary's"
                    + " region (default: " + DEFAULT_TOPOLOGY + " of the repository)")
    private Path topology;

    @Option(names = "--out", defaultValue = "out/demo-regions", paramLabel = "<dir>",
            description = "where node logs, data and databases go (emptied first; default: ${DEFAULT-VALUE})")
    private Path out;

    @Override
    public Integer call() throws Exception {
        return new RegionsDemo(System.out, out.toAbsolutePath(), topology != null ? topology : defaultTopology()).run();
    }

    /** The example beside the launcher (bin/writ passes the repository as writ.repo), else in the working directory. */
    private static Path defaultTopology() {
        Path inRepo = Path.of(System.getProperty("writ.repo", ".")).resolve(DEFAULT_TOPOLOGY);
        return Files.exists(inRepo) ? inRepo : Path.of(DEFAULT_TOPOLOGY);
    }
}
