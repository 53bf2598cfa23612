package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.DrillLoad;
import dev.writ.chaos.Scenario;
import dev.writ.chaos.campaign.Campaign;
import dev.writ.chaos.campaign.CampaignPlan;
import dev.writ.chaos.campaign.RunSummary;
import dev.writ.chaos.sut.NetworkLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A campaign of two short kill drills (two seeds drawn from the campaign's): both run, the page
 * counts and links them; started again with the same arguments it runs nothing and judges both
 * again from their recordings. Two real drills take about four minutes on a loaded machine, more
 * than the CI drills' budget: run it with {@code -Dwrit.drill.campaign=true}.
 */
@EnabledIfSystemProperty(named = "writ.drill.campaign", matches = "true")
class CampaignIT {
    private static final Duration SHORT = Duration.ofSeconds(20);

    @Test
    void aCampaignRunsItsDrillsWritesOnePageAndResumesWithoutRunningThemAgain() throws Exception {
        Path out = Path.of("target", "campaign").toAbsolutePath();
        CampaignPlan plan = new CampaignPlan(2, List.of(Scenario.KILL), ShortDrills.SEED);
        String command = "writ drill campaign --runs 2 --scenarios kill --seed " + ShortDrills.SEED + " --duration 20s";

        Campaign.Result first = new Campaign(plan, out, SHORT, DrillLoad.trickle(), NetworkLab.available(), System.out).run(command);

        assertThat(first.runs()).hasSize(2).allSatisfy(r -> assertThat(r.passed()).as(r.toString()).isTrue());
        assertThat(first.runs()).allSatisfy(r -> assertThat(r.recoveryMillis()).as("one heal, recovered").hasSize(1));
        String page = Files.readString(first.report());
        for (CampaignPlan.Run run : plan.list()) {
            assertThat(out.resolve(run.directory()).resolve("report.html")).exists();
            assertThat(page).contains("href=\"" + run.directory() + "/report.html\"");
        }
        assertThat(page).contains("writ drill campaign: PASSED", "<td>kill</td><td>2</td>", "2/2", command);
        List<FileTime> recorded = histories(out, plan);

        Campaign.Result resumed = new Campaign(plan, out, SHORT, DrillLoad.trickle(), NetworkLab.available(), System.out).run(command);

        assertThat(histories(out, plan)).as("no run was run again").isEqualTo(recorded);
        assertThat(resumed.runs()).extracting(RunSummary::verdicts).isEqualTo(first.runs().stream()
                .map(RunSummary::verdicts).toList());
        assertThat(resumed.runs()).extracting(RunSummary::recoveryMillis).isEqualTo(first.runs().stream()
                .map(RunSummary::recoveryMillis).toList());
        assertThat(resumed.exitCode()).isZero();
    }

    private static List<FileTime> histories(Path out, CampaignPlan plan) throws Exception {
        List<FileTime> times = new ArrayList<>();
        for (CampaignPlan.Run run : plan.list()) {
            times.add(Files.getLastModifiedTime(out.resolve(run.directory()).resolve("history.jsonl")));
        }
        return times;
    }
}
