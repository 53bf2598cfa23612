package dev.writ.policy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One amount an admitted action takes from one budget for one period.
 *
 * <p>{@code key} is {@code <agent SPIFFE id>#<rule name>#<RATE or SPEND>} ('#' cannot occur in a
 * SPIFFE id nor a rule name, and '|' is reserved by Pekko persistence ids): budgets are per agent
 * (not shared by every agent of a class) and per rule. Periods are fixed windows aligned to the
 * Unix epoch: {@code periodStartMillis = floor(decisionTime / periodMillis) * periodMillis}, so a
 * one-hour budget resets on the hour (UTC), a one-day budget at midnight UTC, and every node
 * computes the same period from the same decision time. A RATE charge has amount 1 and the
 * rule's maximum count as limit; a SPEND charge carries the parameter's value and the rule's
 * maximum sum. The budget entity for a charge is {@link #entityId()}: key and period.
 */
public record BudgetCharge(String key, Kind kind, long periodStartMillis, long periodMillis,
                           BigDecimal limit, BigDecimal amount) {
    public enum Kind { RATE, SPEND }

    /** Shortest budget period: shorter ones would only measure clock skew between nodes. */
    public static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    /** Joins the parts of keys and entity ids. */
    public static final String SEPARATOR = "#";

    public BudgetCharge {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(amount, "amount");
        if (periodMillis < MIN_PERIOD.toMillis()) {
            throw new IllegalArgumentException("budget period must be at least " + MIN_PERIOD + ", was " + periodMillis + " ms");
        }
        if (Math.floorMod(periodStartMillis, periodMillis) != 0) {
            throw new IllegalArgumentException("budget period start " + periodStartMillis + " is not aligned to " + periodMillis + " ms");
        }
        if (limit.signum() < 0 || amount.signum() < 0) {
            throw new IllegalArgumentException("budget limit and amount must not be negative");
        }
    }

    /** The budget key of an agent, rule and kind. */
    public static String key(String agentId, String ruleName, Kind kind) {
        return agentId + SEPARATOR + ruleName + SEPARATOR + kind.name();
    }

    /** Start of the fixed, epoch-aligned period of length {@code period} that contains {@code now}. */
    public static long periodStart(Instant now, Duration period) {
        long millis = period.toMillis();
        return Math.floorDiv(now.toEpochMilli(), millis) * millis;
    }

    /** The id of the budget entity that holds this charge's budget and period. */
    public String entityId() {
        return key + SEPARATOR + periodStartMillis;
    }

    static void requireValidPeriod(Duration period) {
        if (period.compareTo(MIN_PERIOD) < 0) {
            throw new IllegalArgumentException("budget period must be at least " + MIN_PERIOD + ", was " + period);
        }
    }
}
