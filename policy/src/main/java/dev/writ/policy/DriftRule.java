package dev.writ.policy;

import dev.writ.protocol.wire.DriftPredicate;
import java.util.Objects;

/**
 * A live-state condition the rule puts into the execution contract, e.g.
 * {@code account.balance AT_LEAST <amount>}: the PEP must show it still holds at redemption.
 * The value is fixed in the policy or taken from a (required) proposal parameter.
 */
public record DriftRule(String observable, DriftPredicate.Op op, Value value) {
    /** Where the predicate's value comes from. */
    public sealed interface Value {
    }

    /** A value written in the policy. */
    public record Fixed(String value) implements Value {
        public Fixed {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The value of the proposal's parameter of this name. */
    public record FromParameter(String parameter) implements Value {
        public FromParameter {
            Objects.requireNonNull(parameter, "parameter");
        }
    }

    public DriftRule {
        Objects.requireNonNull(observable, "observable");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (observable.isEmpty()) {
            throw new IllegalArgumentException("drift observable is empty");
        }
        if (op == DriftPredicate.Op.OP_UNSPECIFIED || op == DriftPredicate.Op.UNRECOGNIZED) {
            throw new IllegalArgumentException("drift op must be EQUALS, AT_MOST or AT_LEAST");
        }
        if (op != DriftPredicate.Op.EQUALS && value instanceof Fixed fixed && PlainDecimal.parse(fixed.value()).isEmpty()) {
            throw new IllegalArgumentException("drift " + observable + " " + op + " needs a plain decimal, was " + fixed.value());
        }
    }

    /** True when the op compares numbers. */
    public boolean numeric() {
        return op != DriftPredicate.Op.EQUALS;
    }
}
