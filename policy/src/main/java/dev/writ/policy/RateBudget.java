package dev.writ.policy;

import java.time.Duration;
import java.util.Objects;

/** At most {@code max} admissions per agent and rule in each fixed period (see {@link BudgetCharge}). */
public record RateBudget(long max, Duration period) {
    public RateBudget {
        Objects.requireNonNull(period, "period");
        if (max < 1) {
            throw new IllegalArgumentException("rate max must be at least 1, was " + max);
        }
        BudgetCharge.requireValidPeriod(period);
    }
}
