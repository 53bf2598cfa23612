package dev.writ.policy.chain;

import dev.writ.policy.AgentMatcher;
import dev.writ.policy.AgentRule;
import dev.writ.policy.ApprovalThreshold;
import dev.writ.policy.DriftRule;
import dev.writ.policy.ParameterBound;
import dev.writ.policy.PlainDecimal;
import dev.writ.policy.PolicySet;
import dev.writ.policy.RateBudget;
import dev.writ.policy.SpendBudget;
import dev.writ.policy.TimeWindow;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DriftPredicate;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Seeded random policies and proposals aimed at the evaluator's edges: globs with stars next to
 * {@code /#?} and non-ASCII text, decimals with many digits, leading zeros, minus zero and
 * near-misses of the plain-decimal syntax, missing and undeclared parameters, risk 0/100/101 and
 * above 2^31, classifications, time windows over midnight in fixed-offset zones.
 */
public final class RandomPolicies {
    public static final String DOMAIN = "acme.example";
    static final String PREFIX = "spiffe://" + DOMAIN + "/";
    private static final String[] GLOB_CHARS = {"a", "b", "-", "/", "é", "*", "*", "x"};
    private static final String[] AGENT_CHARS = {"a", "b", "-", "/", "é", "#", "?", "x", "*"};
    private static final String[] TARGETS = {"pay", "ledger", "x"};
    private static final String[] OPERATIONS = {"read", "write", "transfer"};
    private static final String[] PARAMETERS = {"amount", "currency", "memo", "n", "ü"};
    private static final String[] CLASSIFICATIONS = {"public", "internal", "secret"};
    private static final String[] FIXED_ZONES = {"UTC", "Z", "+02:00", "-05:30", "+14:00", "-12:00", "Etc/GMT+5"};
    private static final String[] NOT_DECIMALS = {"", "1e3", " 1", "1.", ".5", "+1", "abc", "١٢", "0x10", "1,000", "--1", "-"};

    private final Random random;
    private final boolean fixedZonesOnly;

    public RandomPolicies(long seed, boolean fixedZonesOnly) {
        this.random = new Random(seed);
        this.fixedZonesOnly = fixedZonesOnly;
    }

    public PolicySet policy() {
        List<AgentRule> rules = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            rules.add(rule("r" + i));
        }
        return PolicySet.of(DOMAIN, random.nextInt(1000), random.nextInt(3), rules);
    }

    AgentRule rule(String name) {
        AgentMatcher agent = random.nextInt(3) == 0 ? AgentMatcher.exact(agentId()) : AgentMatcher.agentClass(PREFIX + glob());
        SortedMap<String, SortedSet<String>> targets = new TreeMap<>();
        for (String t : TARGETS) {
            if (random.nextBoolean()) {
                SortedSet<String> ops = subset(OPERATIONS);
                if (ops.isEmpty()) {
                    ops.add(OPERATIONS[random.nextInt(OPERATIONS.length)]);
                }
                targets.put(t, ops);
            }
        }
        SortedMap<String, ParameterBound> parameters = new TreeMap<>();
        for (String p : PARAMETERS) {
            if (random.nextInt(3) == 0) {
                parameters.put(p, bound(p, random.nextBoolean(), false));
            }
        }
        boolean amount = random.nextBoolean();
        if (amount) {
            parameters.put("amount", bound("amount", true, true));
        }
        List<TimeWindow> windows = new ArrayList<>();
        int windowCount = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
        for (int i = 0; i < windowCount; i++) {
            windows.add(timeWindow());
        }
        Optional<ApprovalThreshold> approval = Optional.empty();
        if (random.nextBoolean()) {
            boolean byAmount = amount && random.nextBoolean();
            boolean byRisk = !byAmount || random.nextBoolean();
            approval = Optional.of(new ApprovalThreshold(byAmount ? Optional.of("amount") : Optional.empty(),
                    byAmount ? Optional.of(decimal(true)) : Optional.empty(),
                    byRisk ? OptionalInt.of(random.nextInt(101)) : OptionalInt.empty()));
        }
        List<DriftRule> drift = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            drift.add(new DriftRule("account.balance", DriftPredicate.Op.AT_LEAST,
                    amount ? new DriftRule.FromParameter("amount") : new DriftRule.Fixed(PlainDecimal.render(decimal(true)))));
        }
        if (random.nextInt(4) == 0) {
            drift.add(new DriftRule("status", DriftPredicate.Op.EQUALS, new DriftRule.Fixed("open é")));
        }
        return new AgentRule(name, agent, targets, parameters, random.nextBoolean(),
                random.nextBoolean() ? OptionalInt.of(pick(0, 1, 50, 99, 100, random.nextInt(101))) : OptionalInt.empty(),
                subset(CLASSIFICATIONS), windows,
                random.nextBoolean() ? Optional.of(new RateBudget(1 + random.nextInt(1000), Duration.ofMillis(1000 + random.nextInt(86_400_000))))
                        : Optional.empty(),
                amount && random.nextBoolean() ? Optional.of(new SpendBudget("amount", decimal(false).abs(), Duration.ofSeconds(1 + random.nextInt(86_400))))
                        : Optional.empty(),
                approval, Duration.ofSeconds(30 + random.nextInt(271)), drift,
                random.nextBoolean() ? OptionalInt.of(pick(0, 1, 50, 99, 100, random.nextInt(101))) : OptionalInt.empty());
    }

    private ParameterBound bound(String name, boolean required, boolean nonNegativeMinimum) {
        Optional<BigDecimal> min = random.nextBoolean() || nonNegativeMinimum ? Optional.of(decimal(true)) : Optional.empty();
        if (nonNegativeMinimum) {
            min = Optional.of(min.get().abs());
        }
        Optional<BigDecimal> max = random.nextBoolean() ? Optional.of(decimal(true)) : Optional.empty();
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            Optional<BigDecimal> swap = min;
            min = max;
            max = swap;
            if (nonNegativeMinimum) {
                min = Optional.of(min.get().abs());
                max = Optional.of(max.get().max(min.get()));
            }
        }
        SortedSet<String> oneOf = random.nextInt(3) == 0 ? new TreeSet<>(List.of(value(), value())) : new TreeSet<>();
        return new ParameterBound(name, required, min, max, oneOf);
    }

    private TimeWindow timeWindow() {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (random.nextInt(3) == 0) {
                days.add(d);
            }
        }
        if (days.isEmpty()) {
            days.add(DayOfWeek.of(1 + random.nextInt(7)));
        }
        LocalTime from = time();
        LocalTime to = time();
        if (from.equals(to)) {
            to = from.plusSeconds(1);
        }
        String zone = fixedZonesOnly || random.nextInt(4) > 0 ? FIXED_ZONES[random.nextInt(FIXED_ZONES.length)] : "Europe/Berlin";
        return new TimeWindow(days, from, to, ZoneId.of(zone));
    }

    private LocalTime time() {
        LocalTime t = LocalTime.ofSecondOfDay(random.nextInt(86_400));
        return random.nextInt(5) == 0 ? t.withNano(1 + random.nextInt(999_999_999)) : t;
    }

    /** A plain decimal: sign, leading zeros, up to ~40 digits each side; {@code bounded} keeps it ≤ 64 chars. */
    BigDecimal decimal(boolean bounded) {
        return new BigDecimal(decimalText(bounded ? 28 : 40));
    }

    private String decimalText(int maxDigits) {
        StringBuilder s = new StringBuilder();
        if (random.nextInt(3) == 0) {
            s.append('-');
        }
        int style = random.nextInt(4);
        if (style == 0) {
            s.append(random.nextInt(3)); // tiny numbers collide with each other and with bounds
        } else {
            int zeros = random.nextInt(3);
            s.append("0".repeat(zeros));
            s.append(digits(1 + random.nextInt(style == 3 ? maxDigits : 4)));
        }
        if (random.nextBoolean()) {
            s.append('.').append(digits(1 + random.nextInt(style == 3 ? maxDigits : 3)));
            if (random.nextBoolean()) {
                s.append("0".repeat(random.nextInt(3)));
            }
        }
        return s.toString();
    }

    private String digits(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    /** A proposal value: mostly plain decimals (some over 64 characters), some near-misses. */
    String value() {
        return switch (random.nextInt(6)) {
            case 0 -> NOT_DECIMALS[random.nextInt(NOT_DECIMALS.length)];
            case 1 -> "EUR";
            case 2 -> "1" + "0".repeat(60 + random.nextInt(8));
            default -> decimalText(20);
        };
    }

    /**
     * Half the time a proposal built to satisfy one rule (bounds hit exactly, with trailing zeros
     * or leading zeros, risk at the ceiling, time on a window's edge), so ALLOW and ESCALATE are
     * reached; otherwise a proposal drawn at random.
     */
    ActionProposal proposal(PolicySet set) {
        if (!set.rules().isEmpty() && random.nextBoolean()) {
            return conforming(set.rules().get(random.nextInt(set.rules().size())));
        }
        return anyProposal(set);
    }

    private ActionProposal conforming(AgentRule rule) {
        Action.Builder action = Action.newBuilder();
        if (rule.targets().isEmpty()) {
            action.setTarget("x").setOperation("read");
        } else {
            List<String> targets = new ArrayList<>(rule.targets().keySet());
            String target = targets.get(random.nextInt(targets.size()));
            List<String> ops = new ArrayList<>(rule.targets().get(target));
            action.setTarget(target).setOperation(ops.get(random.nextInt(ops.size())));
        }
        for (ParameterBound b : rule.parameters().values()) {
            if (b.required() || random.nextBoolean()) {
                action.putParameters(b.name(), conformingValue(b));
            }
        }
        if (random.nextInt(8) == 0) {
            action.putParameters("extra", "1");
        }
        List<String> classes = new ArrayList<>(rule.classifications());
        action.setClassification(classes.isEmpty() || random.nextInt(4) == 0 ? "" : classes.get(random.nextInt(classes.size())));
        int ceiling = rule.riskCeiling().orElse(100);
        int risk = random.nextBoolean() ? ceiling : random.nextInt(ceiling + 1);
        String agent = instantiate(rule.agent());
        return ActionProposal.newBuilder().setProposalId("p").setAgentId(agent).setAction(action)
                .setContext(ActionContext.newBuilder().setRiskScore(risk)
                        .setDataClassification(classes.isEmpty() || random.nextBoolean() ? "" : classes.get(random.nextInt(classes.size()))))
                .build();
    }

    private String conformingValue(ParameterBound b) {
        if (!b.oneOf().isEmpty() && random.nextInt(4) > 0) {
            List<String> values = new ArrayList<>(b.oneOf());
            return values.get(random.nextInt(values.size()));
        }
        if (!b.numeric()) {
            return "EUR";
        }
        BigDecimal edge = b.minimum().isPresent() && (b.maximum().isEmpty() || random.nextBoolean()) ? b.minimum().get() : b.maximum().get();
        String text = edge.toPlainString();
        switch (random.nextInt(4)) {
            case 0:
                return text.contains(".") ? text + "00" : text + ".0";
            case 1:
                return text.startsWith("-") ? "-0" + text.substring(1) : "00" + text;
            case 2:
                BigDecimal nudged = edge.add(BigDecimal.ONE.movePointLeft(1 + random.nextInt(40)).multiply(BigDecimal.valueOf(random.nextBoolean() ? 1 : -1)));
                return nudged.toPlainString();
            default:
                return text;
        }
    }

    /** A decision time near a window's edges: on the from instant, a second before/after, or on the to instant. */
    long nowSeconds(PolicySet set, ActionProposal proposal) {
        List<TimeWindow> windows = set.ruleFor(proposal.getAgentId()).map(AgentRule::timeWindows).orElse(List.of());
        if (windows.isEmpty() || random.nextInt(4) == 0) {
            return nowSeconds();
        }
        TimeWindow w = windows.get(random.nextInt(windows.size()));
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(random.nextInt(40_000));
        LocalTime edge = random.nextBoolean() ? w.from() : w.to();
        long at = date.atTime(edge).atZone(w.zone()).toEpochSecond() + (edge.getNano() > 0 ? 1 : 0);
        return Math.max(0, at + random.nextInt(3) - 1);
    }

    private String instantiate(AgentMatcher m) {
        if (m.kind() == AgentMatcher.Kind.EXACT) {
            return m.pattern();
        }
        StringBuilder s = new StringBuilder();
        for (String part : m.pattern().split("\\*", -1)) {
            if (s.length() > 0) {
                s.append(random.nextInt(4) == 0 ? agentChars(3) : random.nextBoolean() ? "" : "a");
            }
            s.append(part);
        }
        return s.toString();
    }

    private ActionProposal anyProposal(PolicySet set) {
        String agent = agentFor(set);
        Action.Builder action = Action.newBuilder()
                .setTarget(random.nextInt(8) == 0 ? "unknown" : TARGETS[random.nextInt(TARGETS.length)])
                .setOperation(OPERATIONS[random.nextInt(OPERATIONS.length)])
                .setClassification(random.nextBoolean() ? "" : CLASSIFICATIONS[random.nextInt(CLASSIFICATIONS.length)]);
        for (String p : PARAMETERS) {
            if (random.nextInt(3) > 0) {
                action.putParameters(p, p.equals("amount") && random.nextBoolean() ? decimalText(20) : value());
            }
        }
        if (random.nextInt(6) == 0) {
            action.putParameters("extra", "1");
        }
        int risk = random.nextInt(4) == 0 ? pick(0, 100, 101, Integer.MIN_VALUE, -1) : random.nextInt(101);
        return ActionProposal.newBuilder().setProposalId("p").setAgentId(agent).setAction(action)
                .setContext(ActionContext.newBuilder().setRiskScore(risk)
                        .setDataClassification(random.nextBoolean() ? "" : CLASSIFICATIONS[random.nextInt(CLASSIFICATIONS.length)]))
                .build();
    }

    /** Seconds from 1970 to 2100. */
    long nowSeconds() {
        return (long) (random.nextDouble() * 4_102_444_800L);
    }

    /** An agent id that often matches one of the rules (a glob instantiated) and sometimes none. */
    private String agentFor(PolicySet set) {
        if (!set.rules().isEmpty() && random.nextInt(4) > 0) {
            return instantiate(set.rules().get(random.nextInt(set.rules().size())).agent());
        }
        return random.nextInt(10) == 0 ? "spiffe://other.example/agent/a" : agentId();
    }

    private String agentId() {
        return PREFIX + agentChars(6).replace("*", "").replace("#", "").replace("?", "");
    }

    private String agentChars(int max) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            s.append(AGENT_CHARS[random.nextInt(AGENT_CHARS.length)]);
        }
        return s.toString();
    }

    private String glob() {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(7);
        for (int i = 0; i < n; i++) {
            s.append(GLOB_CHARS[random.nextInt(GLOB_CHARS.length)]);
        }
        return s.toString();
    }

    private SortedSet<String> subset(String[] values) {
        SortedSet<String> out = new TreeSet<>();
        for (String v : values) {
            if (random.nextBoolean()) {
                out.add(v);
            }
        }
        return out;
    }

    private int pick(int... values) {
        return values[random.nextInt(values.length)];
    }
}
