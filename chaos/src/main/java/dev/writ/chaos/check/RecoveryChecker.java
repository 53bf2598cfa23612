package dev.writ.chaos.check;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Service resumes after healing: every {@code heal} of the nemesis brings every node back, and
 * after it some proposal is admitted (ALLOW) and some writ redeemed, each answered within
 * {@code bound} of the heal's completion. A history that ends before the bound without them is a
 * violation too: the drill must leave time.
 */
public final class RecoveryChecker implements Checker {
    public static final String NAME = "service-resumed";
    private final Duration bound;

    public RecoveryChecker(Duration bound) {
        this.bound = bound;
    }

    @Override
    public Verdict check(DrillRecord record) {
        String statement = "Within " + bound.toSeconds() + " s after each heal, a proposal is admitted and a writ is "
                + "redeemed.";
        List<Operation> ops = Operation.pair(record.history());
        List<String> examples = new ArrayList<>();
        List<String> found = new ArrayList<>();
        long limit = bound.toNanos() / 1_000;
        int heals = 0;
        for (Event heal : record.history()) {
            if (!heal.isNemesis() || !heal.f().equals("heal") || heal.type() == EventType.INVOKE) {
                continue;
            }
            heals++;
            if (heal.outcome() == FaultOutcome.HEAL_FAILED) {
                examples.add("the fabric did not come back: " + heal.describe());
            }
            for (String f : List.of("propose", "redeem")) {
                Optional<Operation> first = ops.stream()
                        .filter(op -> op.invoke().f().equals(f) && op.ok() && op.invoke().micros() >= heal.micros())
                        .filter(op -> !f.equals("propose") || "ALLOW".equals(op.completion().orElseThrow().value()))
                        .min((a, b) -> Long.compare(a.completedMicros(), b.completedMicros()));
                if (first.isEmpty() || first.get().completedMicros() - heal.micros() > limit) {
                    examples.add("no successful " + f + " within " + bound.toSeconds() + " s after " + heal.describe()
                            + first.map(op -> "; the first came " + (op.completedMicros() - heal.micros()) / 1000
                                    + " ms after: " + op.describe()).orElse("; none came at all"));
                } else {
                    found.add(f + " " + (first.get().completedMicros() - heal.micros()) / 1000 + " ms");
                }
            }
        }
        return Verdict.of(NAME, statement, heals + " heals" + (found.isEmpty() ? "" : "; first successes after heal: "
                + String.join(", ", found)), examples);
    }
}
