package dev.writ.chaos.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.Scenario;
import dev.writ.chaos.check.Verdict;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A run's figures from its history, and the campaign page from the runs' summaries. */
class CampaignReportTest {
    private final List<Event> history = new ArrayList<>();

    @Test
    void recoveryRunsFromTheHealUntilBothAProposalIsAdmittedAndAWritRedeemedAndFaultLatencyCountsAnsweredRequests() {
        op(1_000, 1_050, "c1", "propose", EventType.OK, "ALLOW");           // before the fault: not counted
        nemesis(2_000, "start", FaultKind.KILL, FaultOutcome.INJECTED);
        op(2_100, 2_400, "c1", "propose", EventType.FAIL, "NODE_FAILED");   // during: 300 ms
        op(2_200, 7_200, "c2", "redeem", EventType.INFO, "timeout");       // during, unanswered: no latency
        op(2_500, 2_520, "c3", "revoke", EventType.OK, "epoch 1");         // during: 20 ms
        nemesis(14_000, "heal", FaultKind.KILL, FaultOutcome.HEALED);
        op(14_100, 15_000, "c1", "propose", EventType.OK, "DENY");         // not admitted
        op(15_000, 16_500, "c1", "propose", EventType.OK, "ALLOW");        // admitted 2.5 s after the heal
        op(14_200, 17_000, "c2", "redeem", EventType.OK, "redeemed");      // redeemed 3 s after: recovery 3000 ms
        CampaignPlan.Run run = new CampaignPlan.Run(0, Scenario.KILL, 42);

        RunSummary s = RunSummary.of(run, List.of(held("single-use")), history);

        assertThat(s.recoveryMillis()).containsExactly(3_000L);
        assertThat(s.faultLatencyMillis()).containsExactlyInAnyOrder(300L, 20L);
        assertThat(s.passed()).isTrue();
        assertThat(Histogram.of(s.faultLatencyMillis(), Histogram.LATENCY_BOUNDS).counts())
                .containsExactly(0L, 1L, 0L, 0L, 1L, 0L, 0L, 0L);
        assertThat(Histogram.of(List.of(0L, 999L, 1_000L, 45_000L), Histogram.RECOVERY_BOUNDS).counts())
                .containsExactly(2L, 1L, 0L, 0L, 0L, 0L, 1L);
    }

    @Test
    void thePageCountsTheRunsThatHeldEachInvariantPerScenarioAndLinksEveryRun() {
        CampaignPlan.Run first = new CampaignPlan.Run(0, Scenario.KILL, 11);
        CampaignPlan.Run second = new CampaignPlan.Run(1, Scenario.PAUSE, 22);
        CampaignPlan.Run third = new CampaignPlan.Run(2, Scenario.KILL, 33);
        List<RunSummary> runs = List.of(
                new RunSummary(first, List.of(held("single-use"), held("service-resumed")), List.of(2_500L), List.of(40L),
                        Optional.empty()),
                new RunSummary(second, List.of(held("single-use"), held("service-resumed")), List.of(), List.of(),
                        Optional.empty()),
                new RunSummary(third, List.of(held("single-use"), new Verdict("service-resumed", "s",
                        Verdict.Status.VIOLATED, "no recovery", List.of("heal at 14 s"))), List.of(), List.of(),
                        Optional.empty()));

        String html = CampaignReport.html("writ drill campaign --runs 3 --scenarios kill,pause --seed 5", runs);

        assertThat(html).contains("writ drill campaign: FAILED", "--seed 5",
                "<td>kill</td><td>2</td><td class=\"held\">2/2</td><td class=\"broken\">1/2</td>",
                "<td>pause</td><td>1</td><td class=\"held\">1/1</td><td class=\"held\">1/1</td>",
                "href=\"run-000-kill-11/report.html\"", "href=\"run-001-pause-22/report.html\"",
                "href=\"run-002-kill-33/report.html\"", "service-resumed VIOLATED", "2000–5000 ms");
        assertThat(CampaignReport.html("c", List.of(runs.get(0), runs.get(1)))).contains("writ drill campaign: PASSED");
        assertThat(CampaignReport.html("c", List.of(RunSummary.failed(first, "the drill could not run: no anvil"))))
                .contains("FAILED", "no anvil");
    }

    private static Verdict held(String invariant) {
        return new Verdict(invariant, "s", Verdict.Status.HELD, "held", List.of());
    }

    private void op(long from, long to, String process, String f, EventType outcome, String value) {
        add(from, process, EventType.INVOKE, f, null, null, null);
        add(to, process, outcome, f, value, null, null);
    }

    private void nemesis(long at, String f, FaultKind kind, FaultOutcome outcome) {
        add(at - 1, Event.NEMESIS, EventType.INVOKE, f, null, null, null);
        add(at, Event.NEMESIS, EventType.INFO, f, f + " acme-2", kind, outcome);
    }

    private void add(long millis, String process, EventType type, String f, String value, FaultKind kind,
                     FaultOutcome outcome) {
        history.add(new Event(history.size(), millis * 1000, process, type, f, "acme-1", "k", null, value, null, null,
                kind, outcome));
    }
}
