package dev.writ.policy;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a rule allows for one action parameter. A bound with a minimum or maximum is numeric: the
 * value must then be a {@link PlainDecimal}. {@code oneOf} (empty = any value) compares the exact
 * string. A parameter that is absent is refused only when {@code required}.
 */
public record ParameterBound(String name, boolean required, Optional<BigDecimal> minimum,
                             Optional<BigDecimal> maximum, SortedSet<String> oneOf) {
    public ParameterBound {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(maximum, "maximum");
        oneOf = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(oneOf, "oneOf")));
        if (name.isEmpty()) {
            throw new IllegalArgumentException("parameter name is empty");
        }
        if (minimum.isPresent() && maximum.isPresent() && minimum.get().compareTo(maximum.get()) > 0) {
            throw new IllegalArgumentException("parameter " + name + ": minimum "
                    + PlainDecimal.render(minimum.get()) + " > maximum " + PlainDecimal.render(maximum.get()));
        }
    }

    /** True when the value must be a plain decimal. */
    public boolean numeric() {
        return minimum.isPresent() || maximum.isPresent();
    }
}
