package dev.writ.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What one agent, or one class of agents, may do. A policy's rules are tried in order and the
 * first whose {@link AgentMatcher} matches the agent decides; later rules are not consulted even
 * when the first one refuses (put specific agents before their class).
 *
 * <ul>
 *   <li>{@code targets}: target → operations allowed on it.</li>
 *   <li>{@code parameters}: bounds by parameter name; a parameter the proposal sends but the rule
 *       does not declare is refused unless {@code allowUndeclaredParameters}.</li>
 *   <li>{@code riskCeiling}: highest admitted risk score (empty = up to 100).</li>
 *   <li>{@code risk}: the risk this policy assigns to the rule's actions, 0..100. The risk the rule
 *       acts on (ceiling, approval, a DEGRADED node's escalation) is the higher of this and the
 *       agent's own score: an agent may report more risk than the policy sees, never less.</li>
 *   <li>{@code classifications}: allowed data classifications (empty = any); both the action's and
 *       the context's classification must be allowed when they are set.</li>
 *   <li>{@code timeWindows}: the decision time must be in at least one (empty = always).</li>
 *   <li>{@code rate}, {@code spend}: budgets, charged per agent and period.</li>
 *   <li>{@code approval}: when to ESCALATE instead of ALLOW.</li>
 *   <li>{@code window}: writ lifetime, 30..300 s; a proposal may ask for less, never more.</li>
 *   <li>{@code drift}: live-state predicates put into the execution contract.</li>
 * </ul>
 *
 * Every parameter a rule refers to elsewhere (spend, approval, drift) must be declared as a
 * required parameter, numeric where it is compared as a number, and the spend parameter must have
 * a minimum of at least 0: the budget would otherwise be refilled by a negative amount.
 */
public record AgentRule(
        String name,
        AgentMatcher agent,
        SortedMap<String, SortedSet<String>> targets,
        SortedMap<String, ParameterBound> parameters,
        boolean allowUndeclaredParameters,
        OptionalInt riskCeiling,
        SortedSet<String> classifications,
        List<TimeWindow> timeWindows,
        Optional<RateBudget> rate,
        Optional<SpendBudget> spend,
        Optional<ApprovalThreshold> approval,
        Duration window,
        List<DriftRule> drift,
        OptionalInt risk) {

    public static final Duration MIN_WINDOW = Duration.ofSeconds(30);
    public static final Duration MAX_WINDOW = Duration.ofSeconds(300);
    /** Rule names go into budget keys: keep them to characters that need no escaping. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public AgentRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(riskCeiling, "riskCeiling");
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(spend, "spend");
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(window, "window");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rule name must match " + NAME + ", was '" + name + "'");
        }
        TreeMap<String, SortedSet<String>> targetCopy = new TreeMap<>();
        for (Map.Entry<String, SortedSet<String>> entry : targets.entrySet()) {
            if (entry.getValue().isEmpty()) {
                throw new IllegalArgumentException("target " + entry.getKey() + " lists no operations");
            }
            targetCopy.put(entry.getKey(), Collections.unmodifiableSortedSet(new TreeSet<>(entry.getValue())));
        }
        targets = Collections.unmodifiableSortedMap(targetCopy);
        for (Map.Entry<String, ParameterBound> entry : parameters.entrySet()) {
            if (!entry.getKey().equals(entry.getValue().name())) {
                throw new IllegalArgumentException("parameter bound " + entry.getValue().name() + " filed under " + entry.getKey());
            }
        }
        parameters = Collections.unmodifiableSortedMap(new TreeMap<>(parameters));
        classifications = Collections.unmodifiableSortedSet(new TreeSet<>(classifications));
        timeWindows = List.copyOf(timeWindows);
        drift = List.copyOf(drift);
        if (riskCeiling.isPresent() && (riskCeiling.getAsInt() < 0 || riskCeiling.getAsInt() > 100)) {
            throw new IllegalArgumentException("risk ceiling must be in 0..100, was " + riskCeiling.getAsInt());
        }
        if (risk.isPresent() && (risk.getAsInt() < 0 || risk.getAsInt() > 100)) {
            throw new IllegalArgumentException("risk must be in 0..100, was " + risk.getAsInt());
        }
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("writ window must be whole seconds in 30..300, was " + window.toMillis() + " ms");
        }
        List<String> problems = referencedParameterProblems(parameters, spend, approval, drift);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static List<String> referencedParameterProblems(Map<String, ParameterBound> parameters,
                                                            Optional<SpendBudget> spend,
                                                            Optional<ApprovalThreshold> approval,
                                                            List<DriftRule> drift) {
        List<String> problems = new ArrayList<>();
        if (spend.isPresent()) {
            String name = spend.get().parameter();
            requireDeclared(parameters, name, "spend", true, problems);
            ParameterBound bound = parameters.get(name);
            if (bound != null && (bound.minimum().isEmpty() || bound.minimum().get().signum() < 0)) {
                problems.add("spend parameter " + name + " needs a minimum of at least 0");
            }
        }
        if (approval.isPresent() && approval.get().parameter().isPresent()) {
            requireDeclared(parameters, approval.get().parameter().get(), "approval", true, problems);
        }
        for (DriftRule d : drift) {
            if (d.value() instanceof DriftRule.FromParameter from) {
                requireDeclared(parameters, from.parameter(), "drift " + d.observable(), d.numeric(), problems);
            }
        }
        return problems;
    }

    private static void requireDeclared(Map<String, ParameterBound> parameters, String name, String user,
                                        boolean numeric, List<String> problems) {
        ParameterBound bound = parameters.get(name);
        if (bound == null || !bound.required()) {
            problems.add(user + " uses parameter " + name + ", which must be declared with required = true");
        } else if (numeric && !bound.numeric()) {
            problems.add(user + " compares parameter " + name + " as a number: declare a minimum or maximum for it");
        }
    }

    /**
     * The risk the rule acts on for an agent that reports {@code reported} (the wire's uint32 as an
     * int: negative is above 2^31): the policy's own risk when the agent reports less.
     */
    public int assessedRisk(int reported) {
        return risk.isPresent() && Integer.compareUnsigned(reported, risk.getAsInt()) < 0 ? risk.getAsInt() : reported;
    }
}
