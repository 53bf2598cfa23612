package dev.writ.chaos.check;

import java.util.List;
import java.util.Objects;

/**
 * What one checker concluded about one invariant. UNKNOWN when the checker lacked what it needs
 * (e.g. the evidence could not be read): a drill counts it as a failure, fail-closed.
 *
 * @param counterexamples the events or records that break the invariant, at most {@link #MAX_EXAMPLES}
 * @param summary         one line on what was checked and found
 */
public record Verdict(String invariant, String statement, Status status, String summary, List<String> counterexamples) {
    public static final int MAX_EXAMPLES = 20;

    public enum Status { HELD, VIOLATED, UNKNOWN }

    public Verdict {
        Objects.requireNonNull(invariant, "invariant");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(summary, "summary");
        counterexamples = List.copyOf(counterexamples.subList(0, Math.min(MAX_EXAMPLES, counterexamples.size())));
    }

    public boolean held() {
        return status == Status.HELD;
    }

    static Verdict of(String invariant, String statement, String summary, List<String> counterexamples) {
        return new Verdict(invariant, statement, counterexamples.isEmpty() ? Status.HELD : Status.VIOLATED, summary,
                counterexamples);
    }

    static Verdict unknown(String invariant, String statement, String why) {
        return new Verdict(invariant, statement, Status.UNKNOWN, why, List.of());
    }
}
