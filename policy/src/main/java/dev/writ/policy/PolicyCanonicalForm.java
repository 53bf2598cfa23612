package dev.writ.policy;

import dev.writ.protocol.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The canonical rendering of a rule set, and its hash — the {@code rules_hash} of a
 * {@code PolicyEpoch}, which the PolicyRegistry contract will store on chain. Anything that
 * publishes a policy must render it exactly like this, so the rendering is specified here:
 *
 * <ul>
 *   <li>UTF-8 JSON without whitespace. Objects have their keys sorted by UTF-16 code units
 *       ({@link String#compareTo}); every scalar is a JSON string; strings escape {@code "},
 *       {@code \} and control characters below U+0020 as backslash-u plus four lower-case hex digits and
 *       nothing else.</li>
 *   <li>Top level: {@code {"domain":…,"format":"writ-policy/1","minimumWritVersion":…,"rules":[…]}}.
 *       The policy {@code version} is not hashed: the epoch carries it beside the hash.</li>
 *   <li>Rules keep their order (first match wins, so order is meaning). Within a rule, maps
 *       (targets, parameters) are objects and sets (operations, one-of, classifications) are
 *       sorted arrays; days are in Monday..Sunday order; time windows and drift predicates keep
 *       their order.</li>
 *   <li>Decimals in {@link PlainDecimal#render plain form without trailing zeros} ("1000.00" and
 *       "1000" hash the same; they mean the same), durations as milliseconds, times as ISO
 *       local times, booleans as "true"/"false". Absent optional fields are absent keys.</li>
 * </ul>
 *
 * A rule renders as {@code {"agent":{"exact"|"class":id},"allowUndeclaredParameters":…,
 * "approval":{"above","parameter","riskAtLeast"},"classifications":[…],"drift":[{"observable",
 * "op","parameter"|"value"}],"name":…,"parameters":{name:{"maximum","minimum","oneOf":[…],
 * "required"}},"rate":{"max","periodMillis"},"risk":…,"riskCeiling":…,"spend":{"max","parameter",
 * "periodMillis"},"targets":{target:[ops]},"timeWindows":[{"days","from","to","zone"}],
 * "windowSeconds":…}}.
 */
public final class PolicyCanonicalForm {
    public static final String FORMAT = "writ-policy/1";

    private PolicyCanonicalForm() {
    }

    public static byte[] render(String domain, long minimumWritVersion, List<AgentRule> rules) {
        SortedMap<String, Object> root = new TreeMap<>();
        root.put("format", FORMAT);
        root.put("domain", domain);
        root.put("minimumWritVersion", Long.toString(minimumWritVersion));
        List<Object> renderedRules = new ArrayList<>();
        for (AgentRule rule : rules) {
            renderedRules.add(rule(rule));
        }
        root.put("rules", renderedRules);
        StringBuilder out = new StringBuilder();
        write(root, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] rulesHash(String domain, long minimumWritVersion, List<AgentRule> rules) {
        return Hashes.sha256(render(domain, minimumWritVersion, rules));
    }

    private static SortedMap<String, Object> rule(AgentRule rule) {
        SortedMap<String, Object> r = new TreeMap<>();
        r.put("name", rule.name());
        r.put("agent", Map.of(rule.agent().kind() == AgentMatcher.Kind.EXACT ? "exact" : "class", rule.agent().pattern()));
        SortedMap<String, Object> targets = new TreeMap<>();
        rule.targets().forEach((target, ops) -> targets.put(target, new ArrayList<Object>(ops)));
        r.put("targets", targets);
        SortedMap<String, Object> parameters = new TreeMap<>();
        rule.parameters().forEach((name, bound) -> {
            SortedMap<String, Object> b = new TreeMap<>();
            b.put("required", Boolean.toString(bound.required()));
            bound.minimum().ifPresent(v -> b.put("minimum", PlainDecimal.render(v)));
            bound.maximum().ifPresent(v -> b.put("maximum", PlainDecimal.render(v)));
            b.put("oneOf", new ArrayList<Object>(bound.oneOf()));
            parameters.put(name, b);
        });
        r.put("parameters", parameters);
        r.put("allowUndeclaredParameters", Boolean.toString(rule.allowUndeclaredParameters()));
        rule.riskCeiling().ifPresent(v -> r.put("riskCeiling", Integer.toString(v)));
        rule.risk().ifPresent(v -> r.put("risk", Integer.toString(v)));
        r.put("classifications", new ArrayList<Object>(rule.classifications()));
        List<Object> windows = new ArrayList<>();
        for (TimeWindow w : rule.timeWindows()) {
            SortedMap<String, Object> m = new TreeMap<>();
            List<Object> days = new ArrayList<>();
            for (DayOfWeek d : DayOfWeek.values()) {
                if (w.days().contains(d)) {
                    days.add(d.name());
                }
            }
            m.put("days", days);
            m.put("from", w.from().toString());
            m.put("to", w.to().toString());
            m.put("zone", w.zone().getId());
            windows.add(m);
        }
        r.put("timeWindows", windows);
        rule.rate().ifPresent(rate -> r.put("rate", new TreeMap<>(Map.of(
                "max", Long.toString(rate.max()),
                "periodMillis", Long.toString(rate.period().toMillis())))));
        rule.spend().ifPresent(spend -> r.put("spend", new TreeMap<>(Map.of(
                "parameter", spend.parameter(),
                "max", PlainDecimal.render(spend.max()),
                "periodMillis", Long.toString(spend.period().toMillis())))));
        rule.approval().ifPresent(a -> {
            SortedMap<String, Object> m = new TreeMap<>();
            a.parameter().ifPresent(p -> m.put("parameter", p));
            a.above().ifPresent(v -> m.put("above", PlainDecimal.render(v)));
            a.riskAtLeast().ifPresent(v -> m.put("riskAtLeast", Integer.toString(v)));
            r.put("approval", m);
        });
        r.put("windowSeconds", Long.toString(rule.window().toSeconds()));
        List<Object> drift = new ArrayList<>();
        for (DriftRule d : rule.drift()) {
            SortedMap<String, Object> m = new TreeMap<>();
            m.put("observable", d.observable());
            m.put("op", d.op().name());
            if (d.value() instanceof DriftRule.Fixed fixed) {
                m.put("value", fixed.value());
            } else if (d.value() instanceof DriftRule.FromParameter from) {
                m.put("parameter", from.parameter());
            }
            drift.add(m);
        }
        r.put("drift", drift);
        return r;
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Map<?, ?> map) {
            // Map.of has no order: sort every object's keys here, whatever map type built it
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put((String) k, v));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalStateException("not renderable: " + value);
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
