package dev.writ.node.redemption;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.DriftPredicate;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.ParameterConstraint;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Does the concrete mutation a PEP wants to execute fall exactly inside the writ's contract, and
 * does live state still satisfy the contract's drift predicates? Pure: the contract, the mutation
 * and the PEP's observations in, a refusal out.
 */
public final class ScopeCheck {
    private ScopeCheck() {
    }

    /** SCOPE_MISMATCH unless target, operation and classification match and every parameter meets its constraint. */
    public static void requireInScope(String jti, ExecutionContract contract, String classification, Action mutation)
            throws Refusal {
        if (!mutation.getTarget().equals(contract.getTarget())) {
            throw mismatch(jti, "target '" + mutation.getTarget() + "' is not the contract's '" + contract.getTarget() + "'");
        }
        if (!mutation.getOperation().equals(contract.getOperation())) {
            throw mismatch(jti, "operation '" + mutation.getOperation() + "' is not the contract's '"
                    + contract.getOperation() + "'");
        }
        if (!mutation.getClassification().equals(classification)) {
            throw mismatch(jti, "classification '" + mutation.getClassification() + "' is not the writ's '"
                    + classification + "'");
        }
        Map<String, String> given = mutation.getParametersMap();
        Set<String> constrained = new HashSet<>();
        for (ParameterConstraint c : contract.getConstraintsList()) {
            constrained.add(c.getName());
            String value = given.get(c.getName());
            if (value == null) {
                throw mismatch(jti, "parameter '" + c.getName() + "' is missing");
            }
            if (!satisfies(c, value)) {
                throw mismatch(jti, "parameter '" + c.getName() + "' = '" + value + "' breaks " + c.getKind() + " "
                        + c.getValuesList());
            }
        }
        for (String name : given.keySet()) {
            if (!constrained.contains(name)) {
                throw mismatch(jti, "parameter '" + name + "' is not in the contract");
            }
        }
    }

    /** DRIFT unless every drift predicate holds for the observed live state. */
    public static void requireNoDrift(String jti, ExecutionContract contract, Map<String, String> observed) throws Refusal {
        for (DriftPredicate p : contract.getDriftPredicatesList()) {
            String value = observed.get(p.getObservable());
            if (value == null) {
                throw new Refusal(RefusalCode.DRIFT, jti, "'" + p.getObservable() + "' was not observed; the contract requires "
                        + p.getOp() + " " + p.getValue());
            }
            boolean holds = switch (p.getOp()) {
                case EQUALS -> value.equals(p.getValue());
                case AT_MOST -> compare(value, p.getValue()) != null && compare(value, p.getValue()) <= 0;
                case AT_LEAST -> compare(value, p.getValue()) != null && compare(value, p.getValue()) >= 0;
                default -> false;
            };
            if (!holds) {
                throw new Refusal(RefusalCode.DRIFT, jti, "'" + p.getObservable() + "' is " + value + ", the contract requires "
                        + p.getOp() + " " + p.getValue());
            }
        }
    }

    private static boolean satisfies(ParameterConstraint c, String value) {
        return switch (c.getKind()) {
            case EXACT -> c.getValuesCount() == 1 && value.equals(c.getValues(0));
            case ONE_OF -> c.getValuesList().contains(value);
            case MAXIMUM -> c.getValuesCount() == 1 && compare(value, c.getValues(0)) != null && compare(value, c.getValues(0)) <= 0;
            case MINIMUM -> c.getValuesCount() == 1 && compare(value, c.getValues(0)) != null && compare(value, c.getValues(0)) >= 0;
            default -> false;
        };
    }

    /** Plain decimals only; anything else is not comparable (null), which fails the check. */
    private static Integer compare(String a, String b) {
        BigDecimal x = decimal(a);
        BigDecimal y = decimal(b);
        return x == null || y == null ? null : x.compareTo(y);
    }

    private static BigDecimal decimal(String s) {
        if (s == null || !s.matches("-?\\d{1,30}(\\.\\d{1,18})?")) {
            return null;
        }
        return new BigDecimal(s);
    }

    private static Refusal mismatch(String jti, String detail) {
        return new Refusal(RefusalCode.SCOPE_MISMATCH, jti, detail);
    }
}
