package dev.writ.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * The sum of the decimal parameter {@code parameter} over one agent's admissions under one rule
 * in each fixed period stays at most {@code max} (see {@link BudgetCharge}).
 */
public record SpendBudget(String parameter, BigDecimal max, Duration period) {
    public SpendBudget {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(period, "period");
        if (max.signum() < 0) {
            throw new IllegalArgumentException("spend max must not be negative, was " + PlainDecimal.render(max));
        }
        BudgetCharge.requireValidPeriod(period);
    }
}
