package dev.writ.policy;

import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.DriftPredicate;
import dev.writ.protocol.wire.Reason;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides a proposal against a policy snapshot. Pure and deterministic: the same snapshot,
 * proposal and time give the same evaluation on every node; no clock is read ({@code now} is the
 * decision time, which also places budget periods), nothing is remembered.
 *
 * <p>The agent's first matching rule decides. Every constraint of that rule is checked and every
 * violation is reported, in a fixed order (target and operation, declared parameters by name,
 * undeclared parameters by name, risk, classifications, time windows). Any violation → DENY.
 * Otherwise an approval threshold that is crossed → ESCALATE (one APPROVAL_REQUIRED reason per
 * trigger). Otherwise ALLOW with WITHIN_POLICY. Budgets are not consulted here: ALLOW and
 * ESCALATE carry the {@link BudgetCharge}s that admission must reserve.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {
    }

    public static Evaluation evaluate(PolicySnapshot snapshot, ActionProposal proposal, Instant now) {
        PolicySet set = snapshot.set();
        String agentId = proposal.getAgentId();
        Optional<AgentRule> match = set.ruleFor(agentId);
        if (match.isEmpty()) {
            return deny(snapshot, List.of(ReasonCode.NO_POLICY_FOR_AGENT.reason(
                    "no rule of policy " + set.domain() + " v" + set.version() + " matches agent " + agentId)));
        }
        AgentRule rule = match.get();
        List<Reason> violations = new ArrayList<>();
        checkTarget(rule, proposal, violations);
        checkParameters(rule, proposal.getAction().getParametersMap(), violations);
        int risk = rule.assessedRisk(proposal.getContext().getRiskScore());
        checkRisk(rule, risk, violations);
        checkClassifications(rule, proposal, violations);
        checkTimeWindows(rule, now, violations);
        if (!violations.isEmpty()) {
            return deny(snapshot, violations);
        }

        Map<String, String> parameters = proposal.getAction().getParametersMap();
        List<Reason> approvals = approvalsRequired(rule, parameters, risk);
        Duration window = window(rule, proposal.getRequestedWindowSeconds());
        List<DriftPredicate> drift = drift(rule, parameters);
        List<BudgetCharge> charges = charges(rule, agentId, parameters, now);
        if (!approvals.isEmpty()) {
            return new Evaluation(Decision.ESCALATE, approvals, window, drift, charges, snapshot.epoch());
        }
        Reason within = ReasonCode.WITHIN_POLICY.reason("rule " + rule.name() + " admits "
                + proposal.getAction().getOperation() + " on " + proposal.getAction().getTarget());
        return new Evaluation(Decision.ALLOW, List.of(within), window, drift, charges, snapshot.epoch());
    }

    /**
     * The risk {@code proposal} is judged at under {@code set}: the higher of what the matching rule
     * assigns and what the agent reports (the agent's own score when no rule matches or the rule
     * assigns none). What a DEGRADED node's escalation and the writ's risk claim use.
     */
    public static int assessedRisk(PolicySet set, ActionProposal proposal) {
        int reported = proposal.getContext().getRiskScore();
        return set.ruleFor(proposal.getAgentId()).map(rule -> rule.assessedRisk(reported)).orElse(reported);
    }

    private static Evaluation deny(PolicySnapshot snapshot, List<Reason> reasons) {
        return new Evaluation(Decision.DENY, reasons, Duration.ZERO, List.of(), List.of(), snapshot.epoch());
    }

    private static void checkTarget(AgentRule rule, ActionProposal proposal, List<Reason> out) {
        String target = proposal.getAction().getTarget();
        String operation = proposal.getAction().getOperation();
        var operations = rule.targets().get(target);
        if (operations == null) {
            out.add(ReasonCode.TARGET_NOT_ALLOWED.reason("target '" + target + "' not in " + rule.targets().keySet()
                    + " of rule " + rule.name()));
        } else if (!operations.contains(operation)) {
            out.add(ReasonCode.OPERATION_NOT_ALLOWED.reason("operation '" + operation + "' on " + target
                    + " not in " + operations));
        }
    }

    private static void checkParameters(AgentRule rule, Map<String, String> parameters, List<Reason> out) {
        for (ParameterBound bound : rule.parameters().values()) {
            String name = bound.name();
            String value = parameters.get(name);
            if (value == null) {
                if (bound.required()) {
                    out.add(ReasonCode.PARAMETER_MISSING.reason("required parameter " + name + " is missing"));
                }
                continue;
            }
            if (bound.numeric()) {
                Optional<BigDecimal> number = PlainDecimal.parse(value);
                if (number.isEmpty()) {
                    out.add(ReasonCode.PARAMETER_NOT_NUMERIC.reason(name + " '" + abbreviate(value) + "' is not a plain decimal"));
                } else {
                    BigDecimal n = number.get();
                    bound.maximum().filter(max -> n.compareTo(max) > 0).ifPresent(max -> out.add(
                            ReasonCode.PARAMETER_ABOVE_MAXIMUM.reason(name + " " + value + " > maximum " + PlainDecimal.render(max))));
                    bound.minimum().filter(min -> n.compareTo(min) < 0).ifPresent(min -> out.add(
                            ReasonCode.PARAMETER_BELOW_MINIMUM.reason(name + " " + value + " < minimum " + PlainDecimal.render(min))));
                }
            }
            if (!bound.oneOf().isEmpty() && !bound.oneOf().contains(value)) {
                out.add(ReasonCode.PARAMETER_NOT_ALLOWED.reason(name + " '" + abbreviate(value) + "' not one of " + bound.oneOf()));
            }
        }
        if (!rule.allowUndeclaredParameters()) {
            for (String name : new TreeSet<>(parameters.keySet())) {
                if (!rule.parameters().containsKey(name)) {
                    out.add(ReasonCode.PARAMETER_NOT_ALLOWED.reason("parameter " + abbreviate(name)
                            + " is not declared by rule " + rule.name()));
                }
            }
        }
    }

    private static void checkRisk(AgentRule rule, int risk, List<Reason> out) {
        // uint32 on the wire: a negative int here is a score above 2^31, far outside 0..100
        if (risk < 0 || risk > 100) {
            out.add(ReasonCode.RISK_ABOVE_CEILING.reason("risk score " + Integer.toUnsignedString(risk) + " outside 0..100"));
        } else if (rule.riskCeiling().isPresent() && risk > rule.riskCeiling().getAsInt()) {
            out.add(ReasonCode.RISK_ABOVE_CEILING.reason("risk score " + risk + " > ceiling " + rule.riskCeiling().getAsInt()));
        }
    }

    private static void checkClassifications(AgentRule rule, ActionProposal proposal, List<Reason> out) {
        if (rule.classifications().isEmpty()) {
            return;
        }
        String action = proposal.getAction().getClassification();
        if (!action.isEmpty() && !rule.classifications().contains(action)) {
            out.add(ReasonCode.CLASSIFICATION_NOT_ALLOWED.reason("action classification '" + abbreviate(action)
                    + "' not in " + rule.classifications()));
        }
        String data = proposal.getContext().getDataClassification();
        if (!data.isEmpty() && !rule.classifications().contains(data)) {
            out.add(ReasonCode.CLASSIFICATION_NOT_ALLOWED.reason("context data classification '" + abbreviate(data)
                    + "' not in " + rule.classifications()));
        }
    }

    private static void checkTimeWindows(AgentRule rule, Instant now, List<Reason> out) {
        if (rule.timeWindows().isEmpty()) {
            return;
        }
        for (TimeWindow window : rule.timeWindows()) {
            if (window.contains(now)) {
                return;
            }
        }
        out.add(ReasonCode.OUTSIDE_TIME_WINDOW.reason(now + " is outside " + rule.timeWindows()));
    }

    private static List<Reason> approvalsRequired(AgentRule rule, Map<String, String> parameters, int risk) {
        List<Reason> out = new ArrayList<>();
        rule.approval().ifPresent(approval -> {
            if (approval.parameter().isPresent()) {
                String name = approval.parameter().get();
                BigDecimal above = approval.above().orElseThrow();
                // declared, required and numeric (AgentRule checks it), so present and parseable here
                BigDecimal value = PlainDecimal.parse(parameters.get(name)).orElseThrow();
                if (value.compareTo(above) > 0) {
                    out.add(ReasonCode.APPROVAL_REQUIRED.reason(name + " " + parameters.get(name)
                            + " > approval threshold " + PlainDecimal.render(above)));
                }
            }
            if (approval.riskAtLeast().isPresent() && risk >= approval.riskAtLeast().getAsInt()) {
                out.add(ReasonCode.APPROVAL_REQUIRED.reason("risk score " + risk + " >= approval threshold "
                        + approval.riskAtLeast().getAsInt()));
            }
        });
        return out;
    }

    /** The rule's window, shortened by a positive requested window, clamped to 30..300 s. */
    static Duration window(AgentRule rule, int requestedSeconds) {
        long seconds = rule.window().toSeconds();
        long requested = Integer.toUnsignedLong(requestedSeconds);
        if (requested > 0) {
            seconds = Math.min(seconds, requested);
        }
        seconds = Math.max(AgentRule.MIN_WINDOW.toSeconds(), Math.min(AgentRule.MAX_WINDOW.toSeconds(), seconds));
        return Duration.ofSeconds(seconds);
    }

    private static List<DriftPredicate> drift(AgentRule rule, Map<String, String> parameters) {
        List<DriftPredicate> out = new ArrayList<>();
        for (DriftRule d : rule.drift()) {
            String value = d.value() instanceof DriftRule.Fixed fixed
                    ? fixed.value()
                    : parameters.get(((DriftRule.FromParameter) d.value()).parameter());
            out.add(DriftPredicate.newBuilder().setObservable(d.observable()).setOp(d.op()).setValue(value).build());
        }
        return out;
    }

    private static List<BudgetCharge> charges(AgentRule rule, String agentId, Map<String, String> parameters, Instant now) {
        List<BudgetCharge> out = new ArrayList<>();
        rule.rate().ifPresent(rate -> out.add(new BudgetCharge(
                BudgetCharge.key(agentId, rule.name(), BudgetCharge.Kind.RATE), BudgetCharge.Kind.RATE,
                BudgetCharge.periodStart(now, rate.period()), rate.period().toMillis(),
                BigDecimal.valueOf(rate.max()), BigDecimal.ONE)));
        rule.spend().ifPresent(spend -> out.add(new BudgetCharge(
                BudgetCharge.key(agentId, rule.name(), BudgetCharge.Kind.SPEND), BudgetCharge.Kind.SPEND,
                BudgetCharge.periodStart(now, spend.period()), spend.period().toMillis(),
                spend.max(), PlainDecimal.parse(parameters.get(spend.parameter())).orElseThrow())));
        return out;
    }

    /** Agent-supplied text in a reason is cut short: reasons go into signed evidence and logs. */
    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
