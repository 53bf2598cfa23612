package dev.writ.chaos.campaign;

import dev.writ.chaos.check.Verdict;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.Operation;
import dev.writ.chaos.report.FaultPeriod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a campaign keeps of one drill: its verdicts, how long service took to come back after each
 * heal, and the latency of the client requests sent while a fault was on. Pure: computed from the
 * recorded history, so a run skipped on resume gives the same figures as when it ran.
 *
 * @param recoveryMillis per heal, from the heal's completion until both a proposal was admitted and a
 *                       writ redeemed (each invoked after the heal); a heal service never came back
 *                       from within the history is left out (service-resumed reports it)
 * @param faultLatencyMillis every client request invoked during a fault and answered (OK or FAIL),
 *                           invocation to answer; unanswered ones have no latency
 * @param problem why the run has no verdicts (it could not run), when it has none
 */
public record RunSummary(CampaignPlan.Run run, List<Verdict> verdicts, List<Long> recoveryMillis,
                         List<Long> faultLatencyMillis, Optional<String> problem) {
    private static final Set<String> CLIENT_OPERATIONS = Set.of("propose", "redeem", "revoke");

    public RunSummary {
        verdicts = List.copyOf(verdicts);
        recoveryMillis = List.copyOf(recoveryMillis);
        faultLatencyMillis = List.copyOf(faultLatencyMillis);
    }

    /** A run that produced no verdict: it fails the campaign. */
    public static RunSummary failed(CampaignPlan.Run run, String problem) {
        return new RunSummary(run, List.of(), List.of(), List.of(), Optional.of(problem));
    }

    public static RunSummary of(CampaignPlan.Run run, List<Verdict> verdicts, List<Event> history) {
        List<Operation> ops = Operation.pair(history);
        List<Long> recoveries = new ArrayList<>();
        for (Event heal : history) {
            if (heal.isNemesis() && heal.f().equals("heal") && heal.type() != EventType.INVOKE) {
                long admitted = firstAfter(ops, heal.micros(), "propose");
                long redeemed = firstAfter(ops, heal.micros(), "redeem");
                if (admitted != Long.MAX_VALUE && redeemed != Long.MAX_VALUE) {
                    recoveries.add((Math.max(admitted, redeemed) - heal.micros()) / 1_000);
                }
            }
        }
        List<FaultPeriod> faults = FaultPeriod.of(history);
        List<Long> latencies = new ArrayList<>();
        for (Operation op : ops) {
            Event invoke = op.invoke();
            if (invoke.isNemesis() || !CLIENT_OPERATIONS.contains(invoke.f()) || op.outcome() == EventType.INFO) {
                continue;
            }
            if (faults.stream().anyMatch(f -> invoke.micros() >= f.fromMicros() && invoke.micros() < f.toMicros())) {
                latencies.add((op.completedMicros() - invoke.micros()) / 1_000);
            }
        }
        return new RunSummary(run, verdicts, recoveries, latencies, Optional.empty());
    }

    /** When the first success of {@code f} invoked after {@code micros} was answered (a proposal: admitted). */
    private static long firstAfter(List<Operation> ops, long micros, String f) {
        return ops.stream()
                .filter(op -> op.invoke().f().equals(f) && op.ok() && op.invoke().micros() >= micros)
                .filter(op -> !f.equals("propose") || "ALLOW".equals(op.completion().orElseThrow().value()))
                .mapToLong(Operation::completedMicros).min().orElse(Long.MAX_VALUE);
    }

    /** Every invariant held. */
    public boolean passed() {
        return problem.isEmpty() && !verdicts.isEmpty() && verdicts.stream().allMatch(Verdict::held);
    }
}
