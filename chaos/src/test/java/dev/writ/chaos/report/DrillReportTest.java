package dev.writ.chaos.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.check.Checkers;
import dev.writ.chaos.check.DrillRecord;
import dev.writ.chaos.check.Verdict;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillReportTest {
    @TempDir
    Path dir;

    private final List<Event> history = new ArrayList<>();

    private void at(long millis, String process, EventType type, String f, String node, String key, String value) {
        history.add(new Event(history.size(), millis * 1000, process, type, f, node, key, null, value, null, null, null,
                null));
    }

    private void nemesis(long millis, String f, String node, String description, FaultKind fault, FaultOutcome outcome) {
        history.add(new Event(history.size(), millis * 1000, Event.NEMESIS, EventType.INFO, f, node, null, null,
                description, null, null, fault, outcome));
    }

    @Test
    void theReportShowsTheSeedEachVerdictWithItsCounterexampleTheFaultsAndThePlots() throws Exception {
        at(100, "c0", EventType.INVOKE, "redeem", "acme-1", "jti-<1>", null);
        at(120, "c0b", EventType.INVOKE, "redeem", "acme-2", "jti-<1>", null);
        at(150, "c0", EventType.OK, "redeem", "acme-1", "jti-<1>", "redeemed");
        at(160, "c0b", EventType.OK, "redeem", "acme-2", "jti-<1>", "redeemed");
        at(1000, Event.NEMESIS, EventType.INVOKE, "start", null, null, null);
        nemesis(1010, "start", "acme-2", "SIGKILL acme-2 (pid 42)", FaultKind.KILL, FaultOutcome.INJECTED);
        at(5000, Event.NEMESIS, EventType.INVOKE, "heal", null, null, null);
        nemesis(9000, "heal", "acme-2", "restarted acme-2", FaultKind.KILL, FaultOutcome.HEALED);
        List<Verdict> verdicts = Checkers.checkAll(new DrillRecord(history, Optional.empty()));

        Path html = DrillReport.write(dir, new DrillReport.Meta("kill", "kill -9 one node", 1234, Instant.EPOCH,
                Duration.ofSeconds(70), "3 node JVMs", Optional.empty()), history, verdicts);

        String page = Files.readString(html);
        assertThat(page).contains("an invariant failed").contains("--seed 1234")
                .contains("<td class=VIOLATED>VIOLATED</td>").contains("jti-&lt;1&gt; acknowledged as redeemed 2 times")
                .contains("SIGKILL acme-2 (pid 42)").contains("<img src=\"timeline.png\"");
        for (String png : List.of("timeline.png", "latency.png", "throughput.png")) {
            assertThat(Files.size(dir.resolve(png))).as(png).isPositive();
        }
    }

    @Test
    void aFaultLastsFromItsStartToItsHealsCompletionOrToTheEndWhenNeverHealed() {
        at(1000, Event.NEMESIS, EventType.INVOKE, "start", null, null, null);
        nemesis(1010, "start", "acme-2", "SIGSTOP acme-2", FaultKind.PAUSE, FaultOutcome.INJECTED);
        at(5000, Event.NEMESIS, EventType.INVOKE, "heal", null, null, null);
        nemesis(6000, "heal", "acme-2", "SIGCONT acme-2", FaultKind.PAUSE, FaultOutcome.HEALED);
        at(7000, Event.NEMESIS, EventType.INVOKE, "start", null, null, null);
        nemesis(7000, "start", null, "journal database down", FaultKind.DATABASE_OUTAGE, FaultOutcome.INJECTED);
        at(9000, "c0", EventType.INVOKE, "propose", "acme-1", "p-1", null);

        assertThat(FaultPeriod.of(history)).containsExactly(
                new FaultPeriod(1_000_000, 6_000_000, "SIGSTOP acme-2"),
                new FaultPeriod(7_000_000, 9_000_000, "journal database down (never healed)"));
    }
}
