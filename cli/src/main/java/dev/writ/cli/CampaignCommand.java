package dev.writ.cli;

import dev.writ.chaos.DrillLoad;
import dev.writ.chaos.DrillOptions;
import dev.writ.chaos.DrillResult;
import dev.writ.chaos.Scenario;
import dev.writ.chaos.campaign.Campaign;
import dev.writ.chaos.campaign.CampaignPlan;
import dev.writ.chaos.sut.NetworkLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `writ drill campaign`: many seeded drills back to back, resumable, with one HTML report. */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = {"Run --runs seeded drills back to back, the scenarios in turn, and write campaign.html:",
                "per scenario and invariant the runs that held it, histograms of recovery times after heals",
                "and of latency during faults, and a link to every run's report.",
                "Resumable: started again with the same arguments, it judges the runs whose report exists",
                "again from their recordings and runs the rest.",
                "Exit 0: every invariant of every run held; 1: a violation, an unknown, or a run that could",
                "not run; 2: bad usage; 3: a scenario named cannot run on this machine.",
                "See chaos/README.md."})
final class CampaignCommand implements Callable<Integer> {
    @Option(names = "--runs", required = true, paramLabel = "<n>", description = "how many drills")
    private int runs;

    @Option(names = "--from", defaultValue = "1", paramLabel = "<k>",
            description = {"start at the k-th run of the plan (default: ${DEFAULT-VALUE}): the same runs and seeds as the",
                    "whole campaign from there, to split a long campaign over several machines or sessions"})
    private int from;

    @Option(names = "--scenarios", split = ",", paramLabel = "<scenario>",
            description = "the scenarios, run in turn (default: every scenario but mixed that can run here)")
    private List<String> scenarios;

    @Option(names = "--seed", required = true, paramLabel = "<n>", description = "the campaign's seed: every run's seed is drawn from it")
    private long seed;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "<time>",
            description = "each drill's fault time, e.g. 32s or 5m (default: ${DEFAULT-VALUE})")
    private String duration;

    @Option(names = "--out", paramLabel = "<dir>", description = "output directory (default: out/campaign-<seed>)")
    private Path out;

    @Option(names = "--no-namespaces", description = "run every node on 127.0.0.1 even as root (no partitions)")
    private boolean noNamespaces;

    @Mixin
    private LoadOptions load;

    @Override
    public Integer call() throws Exception {
        boolean namespaces = !noNamespaces && NetworkLab.available();
        List<Scenario> chosen = new ArrayList<>();
        if (scenarios == null || scenarios.isEmpty()) {
            CampaignPlan.allScenarios().stream().filter(s -> s.unavailable(namespaces).isEmpty()).forEach(chosen::add);
        } else {
            for (String name : scenarios) {
                Optional<Scenario> s = Scenario.parse(name.strip());
                if (s.isEmpty()) {
                    System.err.println("unknown scenario '" + name + "'; writ drill --list shows them");
                    return 2;
                }
                Optional<String> why = s.get().unavailable(namespaces);
                if (why.isPresent()) {
                    System.err.println("scenario " + name + ": " + why.get());
                    return DrillResult.EXIT_UNAVAILABLE;
                }
                chosen.add(s.get());
            }
        }
        CampaignPlan plan;
        Duration length;
        DrillLoad drillLoad;
        try {
            drillLoad = load.load();
            plan = new CampaignPlan(runs, chosen, seed, from);
            length = DrillCommand.parseDuration(duration);
            // each run's options are checked before the first run starts, not found wrong by every run
            DrillOptions.defaults(chosen.get(0), seed, Path.of("."), namespaces).withDuration(length);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Path dir = out != null ? out : Path.of("out", "campaign-" + seed);
        String command = "writ drill campaign --runs " + runs + " --scenarios "
                + String.join(",", chosen.stream().map(Scenario::cliName).toList()) + " --seed " + seed + " --duration "
                + duration + (from > 1 ? " --from " + from : "") + (noNamespaces ? " --no-namespaces" : "") + load.arguments();
        return new Campaign(plan, dir, length, drillLoad, namespaces, System.out).run(command).exitCode();
    }
}
