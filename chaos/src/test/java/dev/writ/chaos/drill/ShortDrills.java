package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.Drill;
import dev.writ.chaos.DrillLoad;
import dev.writ.chaos.DrillOptions;
import dev.writ.chaos.DrillResult;
import dev.writ.chaos.Scenario;
import dev.writ.chaos.check.Verdict;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.HistoryFile;
import dev.writ.chaos.sut.NetworkLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The CI drills: one fault and its recovery against a real 3-node domain, a short schedule
 * (8 s warm-up, one 12 s fault, recovery with the operator's policy change), then every invariant
 * must hold, and the report and the
 * re-checkable history must be on disk. The seed is fixed so a failure reproduces with the same
 * choices; the output stays under target/ for inspection.
 */
final class ShortDrills {
    static final long SEED = 20_261_122L;
    private static final Duration LENGTH = Duration.ofSeconds(32);

    private ShortDrills() {
    }

    static DrillResult runAndCheck(Scenario scenario) throws Exception {
        return runAndCheck(scenario, SEED);
    }

    static DrillResult runAndCheck(Scenario scenario, long seed) throws Exception {
        return runAndCheck(scenario, seed, DrillLoad.trickle(), "drill-" + scenario.cliName());
    }

    /** The drill with {@code load}, its output in {@code target/<dir>}. */
    static DrillResult runAndCheck(Scenario scenario, long seed, DrillLoad load, String dir) throws Exception {
        Path out = Path.of("target", dir).toAbsolutePath();
        DrillOptions options = DrillOptions.defaults(scenario, seed, out, NetworkLab.available()).withDuration(LENGTH)
                .withLoad(load);
        DrillResult result = new Drill(options, System.out).run();

        assertThat(result.verdicts()).extracting(Verdict::invariant).containsExactly("single-use",
                "no-redemption-after-revocation", "evidence-for-every-ack", "evidence-chains", "service-resumed", "every-record-anchored",
                "no-stale-policy-redemption", "no-allow-during-continuity-gap", "identical-reconciliation-digests",
                "every-request-answered");
        assertThat(result.passed()).as(() -> "every invariant holds under " + scenario.cliName() + ":\n"
                + result.verdicts().stream().map(v -> v.status() + " " + v.invariant() + " " + v.summary() + " "
                        + v.counterexamples()).collect(Collectors.joining("\n"))).isTrue();
        assertThat(result.report()).hasValueSatisfying(r -> assertThat(r).exists());
        assertThat(out.resolve("latency.png")).exists();
        List<Event> history = HistoryFile.read(out.resolve("history.jsonl"));
        assertThat(history).as("the nemesis struck and healed").anyMatch(e -> e.isNemesis() && e.f().equals("heal"));
        assertThat(history).as("double redemptions were tried").anyMatch(e -> "REPLAYED".equals(e.value()));
        assertThat(history).as("the operator put a new policy version in force after the heal")
                .anyMatch(e -> e.f().equals("policy") && e.type() == EventType.OK && e.policy() != null && e.policy() >= 2);
        assertThat(history).as("writs minted before the change were refused as stale")
                .anyMatch(e -> e.f().equals("redeem") && "POLICY_EPOCH_STALE".equals(e.value()));
        assertThat(Drill.recheck(out.resolve("history.jsonl"), System.out).passed())
                .as("the recorded drill checks the same from disk").isTrue();
        assertThat(Files.size(out.resolve("evidence.json"))).isPositive();
        assertThat(out.resolve("reconciliation.json")).exists();
        return result;
    }
}
