package dev.writ.chaos.campaign;

import dev.writ.chaos.Drill;
import dev.writ.chaos.DrillLoad;
import dev.writ.chaos.DrillOptions;
import dev.writ.chaos.DrillResult;
import dev.writ.chaos.history.HistoryFile;
import dev.writ.chaos.sut.DrillLeftovers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a campaign's drills back to back ({@link CampaignPlan}), each into its own directory under
 * {@code out}, and writes {@code campaign.html}. Resumable: a run whose report is on disk is not run
 * again but judged again from its recording ({@link Drill#recheck}), so a campaign killed at run 57
 * of 100 goes on at 57 when started again with the same arguments. A run that was interrupted
 * halfway (its directory without a report) is set aside as {@code <dir>.interrupted} after what its
 * drill left behind is removed, and run again.
 */
public final class Campaign {
    private final CampaignPlan plan;
    private final Path out;
    private final Duration duration;
    private final DrillLoad load;
    private final boolean namespaces;
    private final PrintStream progress;

    /** What a campaign ended with: every run's summary and the report. */
    public record Result(List<RunSummary> runs, Path report) {
        public boolean passed() {
            return runs.stream().allMatch(RunSummary::passed);
        }

        /** 0 every invariant of every run held; 1 otherwise (a violation, an unknown, a run that could not run). */
        public int exitCode() {
            return passed() ? 0 : 1;
        }
    }

    /** @param load every run's load: the trickle, a rate, or a share of capacity (measured by each run unless given) */
    public Campaign(CampaignPlan plan, Path out, Duration duration, DrillLoad load, boolean namespaces,
                    PrintStream progress) {
        this.plan = plan;
        this.out = out.toAbsolutePath();
        this.duration = duration;
        this.load = load;
        this.namespaces = namespaces;
        this.progress = progress;
    }

    /**
     * Runs (or, on resume, re-checks) every planned drill; {@code command} is the command line
     * that reproduces the campaign, for the report.
     */
    public Result run(String command) throws IOException {
        Files.createDirectories(out);
        List<RunSummary> summaries = new ArrayList<>();
        List<CampaignPlan.Run> runs = plan.list();
        for (CampaignPlan.Run run : runs) {
            Path dir = out.resolve(run.directory());
            String name = "run " + (run.index() + 1) + "/" + plan.runs() + " (" + run.scenario().cliName() + ", seed "
                    + run.seed() + ")";
            RunSummary summary;
            if (Files.exists(dir.resolve("report.html")) && Files.exists(dir.resolve("history.jsonl"))) {
                progress.println("campaign: " + name + " has its report already; judging its recording again");
                summary = recheck(run, dir);
            } else {
                setAsideInterrupted(dir);
                progress.println("campaign: " + name + " ...");
                summary = runDrill(run, dir);
            }
            progress.println("campaign: " + name + " " + (summary.passed() ? "PASSED" : "FAILED")
                    + summary.problem().map(p -> ": " + p).orElse(""));
            summaries.add(summary);
            // written after every run, so an interrupted campaign still has a page for what it did
            CampaignReport.write(out, command, summaries);
        }
        Path report = CampaignReport.write(out, command, summaries);
        Result result = new Result(summaries, report);
        progress.println("campaign: " + (result.passed() ? "PASSED" : "FAILED") + ", " + summaries.size() + " runs: report "
                + report);
        return result;
    }

    private RunSummary runDrill(CampaignPlan.Run run, Path dir) {
        DrillOptions options = DrillOptions.defaults(run.scenario(), run.seed(), dir, namespaces).withDuration(duration)
                .withLoad(load);
        try {
            DrillResult result = new Drill(options, progress).run();
            if (result.unavailable().isPresent()) {
                return RunSummary.failed(run, "not available here: " + result.unavailable().get());
            }
            return RunSummary.of(run, result.verdicts(), HistoryFile.read(dir.resolve("history.jsonl")));
        } catch (Exception e) {
            // the system under test could not be built or driven: no verdict, so not a pass; the next run goes on
            return RunSummary.failed(run, "the drill could not run: " + e);
        }
    }

    private RunSummary recheck(CampaignPlan.Run run, Path dir) {
        Path history = dir.resolve("history.jsonl");
        try {
            DrillResult result = Drill.recheck(history, new PrintStream(OutputStream.nullOutputStream()));
            return RunSummary.of(run, result.verdicts(), HistoryFile.read(history));
        } catch (RuntimeException e) {
            return RunSummary.failed(run, "its recording could not be judged again: " + e);
        }
    }

    private void setAsideInterrupted(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        // the interrupted drill's processes, database and namespaces are found through its state file, still in place
        DrillLeftovers.removeAbandoned().lines().forEach(l -> progress.println("campaign: " + l));
        Path aside = dir.resolveSibling(dir.getFileName() + ".interrupted");
        if (Files.exists(aside)) {
            deleteTree(aside);
        }
        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        progress.println("campaign: " + dir.getFileName() + " was interrupted halfway; set aside as " + aside.getFileName());
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
