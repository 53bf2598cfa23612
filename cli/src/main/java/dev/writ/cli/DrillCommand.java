package dev.writ.cli;

import dev.writ.chaos.Drill;
import dev.writ.chaos.DrillOptions;
import dev.writ.chaos.Scenario;
import dev.writ.chaos.sut.DrillLeftovers;
import dev.writ.chaos.sut.NetworkLab;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `writ drill <scenario>`: a chaos drill against a local domain, with an HTML report. */
@Command(name = "drill", mixinStandardHelpOptions = true, subcommands = CampaignCommand.class,
        description = {"Run a chaos drill against a local 3-node domain (and a partner domain in domain-partition;",
                "across two regions in region-partition and region-outage, three in region-outage-quorum;",
                "a 4th node joins and one leaves in join-leave)",
                "and check the invariants.",
                "",
                "Starts the nodes (each in its own network namespace when run as root),",
                "a PostgreSQL and a dev chain (anvil) of the drill's own, clients that",
                "propose, redeem (also twice via two nodes) and revoke, and a nemesis that",
                "injects the scenario's faults. Writes history.jsonl, evidence.json,",
                "anchoring.json and report.html (PNG plots) to --out.",
                "Exit 0: every invariant held; 1: one failed or could not be checked;",
                "2: bad usage; 3: the scenario cannot run on this machine.",
                "--cleanup exits 0 when nothing was left that it could not remove, else 1.",
                "`writ drill campaign` runs many seeded drills back to back (writ drill campaign --help).",
                "See chaos/README.md."})
final class DrillCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<scenario>",
            description = "partition, one-way-partition, kill, pause, sequencer-outage, db-outage, clock-skew, domain-partition,"
                    + " rolling-restart, burst, region-partition, region-outage, region-outage-quorum, join-leave,"
                    + " sequencer-partition-kill or mixed")
    private String scenario;

    @Option(names = "--list", description = "list the scenarios and whether each can run here")
    private boolean list;

    @Option(names = "--cleanup", description = "remove what interrupted drills left behind (their processes, PostgreSQL,"
            + " network namespaces and links; never a drill that still runs) and exit; every drill does this first")
    private boolean cleanup;

    @Option(names = "--check", paramLabel = "<history.jsonl>",
            description = "check a recorded history again (with evidence.json and anchoring.json beside it) instead of running a drill")
    private Path check;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "<time>",
            description = "how long faults are injected, e.g. 60s or 5m (default: ${DEFAULT-VALUE})")
    private String duration;

    @Option(names = "--seed", paramLabel = "<n>", description = "the seed of the workload and the nemesis (default: random)")
    private Long seed;

    @Option(names = "--out", paramLabel = "<dir>", description = "output directory (default: out/drill-<scenario>-<time>)")
    private Path out;

    @Option(names = "--nodes", defaultValue = "3", paramLabel = "<n>", description = "nodes in the domain (default: ${DEFAULT-VALUE})")
    private int nodes;

    @Option(names = "--no-namespaces", description = "run every node on 127.0.0.1 even as root (no partitions)")
    private boolean noNamespaces;

    @Mixin
    private LoadOptions load;

    @Override
    public Integer call() throws Exception {
        boolean namespaces = !noNamespaces && NetworkLab.available();
        if (list) {
            for (Scenario s : Scenario.values()) {
                Optional<String> why = s.unavailable(namespaces);
                System.out.printf("%-18s %s%s%n", s.cliName(), s.description(), why.map(w -> "  [" + w + "]").orElse(""));
            }
            return 0;
        }
        if (check != null) {
            return Drill.recheck(check, System.out).exitCode();
        }
        if (cleanup) {
            DrillLeftovers.Report report = DrillLeftovers.removeAbandoned();
            report.lines().forEach(System.out::println);
            if (report.lines().isEmpty()) {
                System.out.println("no leftovers of interrupted drills");
            }
            return report.problems().isEmpty() ? 0 : 1;
        }
        if (scenario == null) {
            System.err.println("name a scenario (writ drill --list shows them), or --check <history.jsonl>");
            return 2;
        }
        Optional<Scenario> chosen = Scenario.parse(scenario);
        if (chosen.isEmpty()) {
            System.err.println("unknown scenario '" + scenario + "'; writ drill --list shows them");
            return 2;
        }
        Duration length;
        try {
            length = parseDuration(duration);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        long s = seed != null ? seed : new java.security.SecureRandom().nextLong() & 0xffffffffL;
        Path dir = out != null ? out : Path.of("out", "drill-" + scenario + "-" + Instant.now().toString()
                .replace(":", "").replaceAll("\\..*", ""));
        DrillOptions options;
        try {
            options = DrillOptions.defaults(chosen.get(), s, dir, namespaces).withDuration(length).withNodes(nodes)
                    .withLoad(load.load());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        try {
            return new Drill(options, System.out).run().exitCode();
        } catch (RuntimeException e) {
            // the system under test could not be built or driven: no verdict, so not a pass
            System.err.println("writ drill: the drill could not run: " + e.getMessage());
            return 1;
        }
    }

    /** {@code 90}, {@code 90s}, {@code 5m}: seconds unless a unit says otherwise. */
    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--duration is a number of seconds, or like 90s, 5m; got '" + text + "'");
        }
    }
}
