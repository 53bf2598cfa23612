package dev.writ.chaos.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.chaos.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class CampaignPlanTest {
    @Test
    void theSameArgumentsPlanTheSameRunsAndEveryScenarioTakesItsTurn() {
        CampaignPlan plan = new CampaignPlan(5, List.of(Scenario.KILL, Scenario.PAUSE), 7);
        List<CampaignPlan.Run> runs = plan.list();
        assertThat(runs).isEqualTo(new CampaignPlan(5, List.of(Scenario.KILL, Scenario.PAUSE), 7).list());
        assertThat(runs).extracting(CampaignPlan.Run::scenario).containsExactly(Scenario.KILL, Scenario.PAUSE,
                Scenario.KILL, Scenario.PAUSE, Scenario.KILL);
        assertThat(runs).extracting(CampaignPlan.Run::seed).doesNotHaveDuplicates().allSatisfy(s -> assertThat(s)
                .isBetween(0L, 0xffffffffL));
        assertThat(runs.get(2).directory()).isEqualTo("run-002-kill-" + runs.get(2).seed());
        assertThat(new CampaignPlan(5, List.of(Scenario.KILL, Scenario.PAUSE), 8).list()).extracting(CampaignPlan.Run::seed)
                .as("another campaign seed, other drill seeds").doesNotContainAnyElementsOf(
                        runs.stream().map(CampaignPlan.Run::seed).toList());
    }

    @Test
    void aCampaignNeedsRunsAndNamedScenarios() {
        assertThatThrownBy(() -> new CampaignPlan(0, List.of(Scenario.KILL), 1)).hasMessageContaining("--runs");
        assertThatThrownBy(() -> new CampaignPlan(2, List.of(), 1)).hasMessageContaining("scenario");
        assertThatThrownBy(() -> new CampaignPlan(2, List.of(Scenario.MIXED), 1)).hasMessageContaining("mixed");
        assertThat(CampaignPlan.allScenarios()).doesNotContain(Scenario.MIXED).contains(Scenario.ONE_WAY_PARTITION,
                Scenario.ROLLING_RESTART);
    }

    @Test
    void aPlanStartedAtALaterRunHasTheWholePlansRunsFromThere() {
        List<CampaignPlan.Run> whole = new CampaignPlan(7, List.of(Scenario.KILL, Scenario.PAUSE, Scenario.BURST), 11).list();
        assertThat(new CampaignPlan(7, List.of(Scenario.KILL, Scenario.PAUSE, Scenario.BURST), 11, 5).list())
                .as("runs 5 to 7: the same places, scenarios and seeds").isEqualTo(whole.subList(4, 7));
        assertThat(new CampaignPlan(7, List.of(Scenario.KILL), 11, 7).list()).hasSize(1);
        assertThatThrownBy(() -> new CampaignPlan(7, List.of(Scenario.KILL), 11, 0)).hasMessageContaining("--from");
        assertThatThrownBy(() -> new CampaignPlan(7, List.of(Scenario.KILL), 11, 8)).hasMessageContaining("--from");
    }
}
