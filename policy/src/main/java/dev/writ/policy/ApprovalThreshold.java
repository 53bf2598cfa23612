package dev.writ.policy;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * When an action within policy still needs a human: the decimal {@code parameter} is strictly
 * above {@code above}, and/or the context's risk score is at least {@code riskAtLeast}. Either
 * trigger alone escalates.
 */
public record ApprovalThreshold(Optional<String> parameter, Optional<BigDecimal> above, OptionalInt riskAtLeast) {
    public ApprovalThreshold {
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(above, "above");
        Objects.requireNonNull(riskAtLeast, "riskAtLeast");
        if (parameter.isPresent() != above.isPresent()) {
            throw new IllegalArgumentException("approval needs both parameter and above, or neither");
        }
        if (parameter.isEmpty() && riskAtLeast.isEmpty()) {
            throw new IllegalArgumentException("approval needs parameter/above or risk-at-least");
        }
        if (riskAtLeast.isPresent() && (riskAtLeast.getAsInt() < 0 || riskAtLeast.getAsInt() > 100)) {
            throw new IllegalArgumentException("approval risk-at-least must be in 0..100, was " + riskAtLeast.getAsInt());
        }
    }
}
