package dev.writ.policy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the HOCON policy format into a {@link PolicySet}. Unknown keys are refused everywhere (a
 * misspelt {@code maximun} must not silently lift a bound) and every error names its key path and
 * line. Decimal bounds may be unquoted when they are whole numbers or have at most 15
 * significant digits (HOCON reads unquoted numbers as doubles); quote anything finer. See
 * {@code writ/default-policy.conf} for an annotated example. The format:
 *
 * <pre>
 * domain = acme                       # SPIFFE trust domain; every rule's agent must be in it
 * version = 3                         # policy version (the epoch's version)
 * minimum-writ-version = 1            # optional, default 1
 * rules = [                           # in order; the first rule matching the agent decides
 *   {
 *     name = payments                 # unique, [A-Za-z0-9._-]{1,64}; part of budget keys
 *     agent-class = "spiffe://acme/agent/payments-*"   # or: agent = "spiffe://acme/agent/x"
 *     targets { payments-api = [transfer, refund] }    # target -> operations (quote keys with dots)
 *     parameters {                    # optional; name -> bound
 *       amount   { required = true, minimum = 0.01, maximum = 1000 }
 *       currency { required = true, one-of = [EUR, USD, GBP] }
 *     }
 *     allow-undeclared-parameters = false   # optional, default false
 *     risk = 40                       # optional, 0..100: the risk this policy assigns the rule's actions;
 *                                     # an agent's own, lower score never brings it down
 *     risk-ceiling = 70               # optional, 0..100
 *     classifications = [public, internal]  # optional, empty = any
 *     time-windows = [ { days = [MON, TUE, WED, THU, FRI], from = "08:00", to = "18:00", zone = "Europe/Berlin" } ]
 *     rate  { max = 50, period = 1m }                          # optional
 *     spend { parameter = amount, max = 5000, period = 1h }    # optional
 *     approval { parameter = amount, above = 500, risk-at-least = 90 }  # optional, either trigger
 *     window-seconds = 60             # writ lifetime, 30..300
 *     drift = [ { observable = "account.balance", op = AT_LEAST, parameter = amount } ]  # or value = "..."
 *   }
 * ]
 * </pre>
 */
public final class PolicyFiles {
    /** The writ format version a policy admits when it does not say. */
    public static final long DEFAULT_MINIMUM_WRIT_VERSION = 1;

    private static final Set<String> TOP_KEYS = Set.of("domain", "version", "minimum-writ-version", "rules");
    private static final Set<String> RULE_KEYS = Set.of("name", "agent", "agent-class", "targets", "parameters",
            "allow-undeclared-parameters", "risk", "risk-ceiling", "classifications", "time-windows", "rate", "spend",
            "approval", "window-seconds", "drift");
    private static final Set<String> PARAMETER_KEYS = Set.of("required", "minimum", "maximum", "one-of");
    private static final Set<String> WINDOW_KEYS = Set.of("days", "from", "to", "zone");
    private static final Set<String> RATE_KEYS = Set.of("max", "period");
    private static final Set<String> SPEND_KEYS = Set.of("parameter", "max", "period");
    private static final Set<String> APPROVAL_KEYS = Set.of("parameter", "above", "risk-at-least");
    private static final Set<String> DRIFT_KEYS = Set.of("observable", "op", "value", "parameter");

    private PolicyFiles() {
    }

    public static PolicySet parse(Config config) throws PolicyFormatException {
        try {
            HoconNode root = new HoconNode(config.root(), "");
            root.allowOnly(TOP_KEYS);
            String domain = root.string("domain");
            long version = root.longValue("version");
            long minimumWritVersion = root.optLong("minimum-writ-version").orElse(DEFAULT_MINIMUM_WRIT_VERSION);
            if (!root.has("rules")) {
                throw root.error("rules", "required key is missing");
            }
            List<AgentRule> rules = new ArrayList<>();
            for (HoconNode rule : root.objectList("rules")) {
                rules.add(rule(rule));
            }
            try {
                return PolicySet.of(domain, version, minimumWritVersion, rules);
            } catch (IllegalArgumentException e) {
                throw new PolicyFormatException("policy: " + e.getMessage(), e);
            }
        } catch (ConfigException e) {
            throw new PolicyFormatException("policy: " + e.getMessage(), e);
        }
    }

    private static AgentRule rule(HoconNode node) throws PolicyFormatException {
        node.allowOnly(RULE_KEYS);
        String name = node.string("name");
        AgentMatcher agent;
        if (node.has("agent") == node.has("agent-class")) {
            throw node.error("exactly one of 'agent' (a SPIFFE id) or 'agent-class' (a glob) is required");
        }
        try {
            agent = node.has("agent") ? AgentMatcher.exact(node.string("agent")) : AgentMatcher.agentClass(node.string("agent-class"));
        } catch (IllegalArgumentException e) {
            throw node.error(node.has("agent") ? "agent" : "agent-class", e.getMessage());
        }

        TreeMap<String, SortedSet<String>> targets = new TreeMap<>();
        HoconNode targetNode = node.object("targets");
        for (String target : targetNode.keys()) {
            List<String> operations = targetNode.stringList(target);
            if (operations.isEmpty()) {
                throw targetNode.error(target, "lists no operations");
            }
            targets.put(target, new TreeSet<>(operations));
        }

        TreeMap<String, ParameterBound> parameters = new TreeMap<>();
        Optional<HoconNode> parameterNode = node.optObject("parameters");
        if (parameterNode.isPresent()) {
            for (String parameter : parameterNode.get().keys()) {
                HoconNode bound = parameterNode.get().object(parameter);
                bound.allowOnly(PARAMETER_KEYS);
                try {
                    parameters.put(parameter, new ParameterBound(parameter, bound.bool("required", false),
                            bound.optDecimal("minimum"), bound.optDecimal("maximum"),
                            new TreeSet<>(bound.stringList("one-of"))));
                } catch (IllegalArgumentException e) {
                    throw bound.error(e.getMessage());
                }
            }
        }

        OptionalInt riskCeiling = OptionalInt.empty();
        if (node.has("risk-ceiling")) {
            long ceiling = node.longValue("risk-ceiling");
            if (ceiling < 0 || ceiling > 100) {
                throw node.error("risk-ceiling", "must be in 0..100, was " + ceiling);
            }
            riskCeiling = OptionalInt.of((int) ceiling);
        }
        OptionalInt risk = OptionalInt.empty();
        if (node.has("risk")) {
            long assessed = node.longValue("risk");
            if (assessed < 0 || assessed > 100) {
                throw node.error("risk", "must be in 0..100, was " + assessed);
            }
            risk = OptionalInt.of((int) assessed);
        }

        List<TimeWindow> windows = new ArrayList<>();
        for (HoconNode w : node.objectList("time-windows")) {
            windows.add(timeWindow(w));
        }

        Optional<RateBudget> rate = Optional.empty();
        Optional<HoconNode> rateNode = node.optObject("rate");
        if (rateNode.isPresent()) {
            HoconNode r = rateNode.get();
            r.allowOnly(RATE_KEYS);
            try {
                rate = Optional.of(new RateBudget(r.longValue("max"), r.duration("period")));
            } catch (IllegalArgumentException e) {
                throw r.error(e.getMessage());
            }
        }

        Optional<SpendBudget> spend = Optional.empty();
        Optional<HoconNode> spendNode = node.optObject("spend");
        if (spendNode.isPresent()) {
            HoconNode s = spendNode.get();
            s.allowOnly(SPEND_KEYS);
            try {
                spend = Optional.of(new SpendBudget(s.string("parameter"), s.decimal("max"), s.duration("period")));
            } catch (IllegalArgumentException e) {
                throw s.error(e.getMessage());
            }
        }

        Optional<ApprovalThreshold> approval = Optional.empty();
        Optional<HoconNode> approvalNode = node.optObject("approval");
        if (approvalNode.isPresent()) {
            HoconNode a = approvalNode.get();
            a.allowOnly(APPROVAL_KEYS);
            OptionalInt riskAtLeast = a.has("risk-at-least") ? OptionalInt.of((int) Math.max(Integer.MIN_VALUE,
                    Math.min(Integer.MAX_VALUE, a.longValue("risk-at-least")))) : OptionalInt.empty();
            try {
                approval = Optional.of(new ApprovalThreshold(a.optString("parameter"), a.optDecimal("above"), riskAtLeast));
            } catch (IllegalArgumentException e) {
                throw a.error(e.getMessage());
            }
        }

        long windowSeconds = node.longValue("window-seconds");
        if (windowSeconds < AgentRule.MIN_WINDOW.toSeconds() || windowSeconds > AgentRule.MAX_WINDOW.toSeconds()) {
            throw node.error("window-seconds", "must be in " + AgentRule.MIN_WINDOW.toSeconds() + ".."
                    + AgentRule.MAX_WINDOW.toSeconds() + ", was " + windowSeconds);
        }

        List<DriftRule> drift = new ArrayList<>();
        for (HoconNode d : node.objectList("drift")) {
            drift.add(driftRule(d));
        }

        try {
            return new AgentRule(name, agent, targets, parameters, node.bool("allow-undeclared-parameters", false),
                    riskCeiling, new TreeSet<>(node.stringList("classifications")), windows, rate, spend, approval,
                    Duration.ofSeconds(windowSeconds), drift, risk);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static TimeWindow timeWindow(HoconNode w) throws PolicyFormatException {
        w.allowOnly(WINDOW_KEYS);
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : w.stringList("days")) {
            days.add(day(w, day));
        }
        try {
            return new TimeWindow(days, time(w, "from"), time(w, "to"), ZoneId.of(w.string("zone")));
        } catch (java.time.DateTimeException | IllegalArgumentException e) {
            throw w.error(e.getMessage());
        }
    }

    private static DayOfWeek day(HoconNode w, String text) throws PolicyFormatException {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().equalsIgnoreCase(text) || d.getDisplayName(TextStyle.SHORT, Locale.ROOT).equalsIgnoreCase(text)) {
                return d;
            }
        }
        throw w.error("days", "unknown day '" + text + "'; use MON..SUN or MONDAY..SUNDAY");
    }

    private static LocalTime time(HoconNode w, String key) throws PolicyFormatException {
        String text = w.string(key);
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw w.error(key, "expected a local time such as \"08:00\", found " + text);
        }
    }

    private static DriftRule driftRule(HoconNode d) throws PolicyFormatException {
        d.allowOnly(DRIFT_KEYS);
        if (d.has("value") == d.has("parameter")) {
            throw d.error("exactly one of 'value' (fixed) or 'parameter' (from the proposal) is required");
        }
        String opText = d.string("op");
        var op = switch (opText.toUpperCase(Locale.ROOT)) {
            case "EQUALS" -> dev.writ.protocol.wire.DriftPredicate.Op.EQUALS;
            case "AT_MOST" -> dev.writ.protocol.wire.DriftPredicate.Op.AT_MOST;
            case "AT_LEAST" -> dev.writ.protocol.wire.DriftPredicate.Op.AT_LEAST;
            default -> throw d.error("op", "expected EQUALS, AT_MOST or AT_LEAST, found " + opText);
        };
        DriftRule.Value value = d.has("value") ? new DriftRule.Fixed(d.string("value")) : new DriftRule.FromParameter(d.string("parameter"));
        try {
            return new DriftRule(d.string("observable"), op, value);
        } catch (IllegalArgumentException e) {
            throw d.error(e.getMessage());
        }
    }
}
