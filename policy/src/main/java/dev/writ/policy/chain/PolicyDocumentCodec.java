package dev.writ.policy.chain;

import dev.writ.contracts.chain.AbiType;
import dev.writ.contracts.chain.AbiValue;
import dev.writ.contracts.chain.PolicyDocumentException;
import dev.writ.policy.AgentMatcher;
import dev.writ.policy.AgentRule;
import dev.writ.policy.ApprovalThreshold;
import dev.writ.policy.DriftRule;
import dev.writ.policy.ParameterBound;
import dev.writ.policy.PolicySet;
import dev.writ.policy.RateBudget;
import dev.writ.policy.SpendBudget;
import dev.writ.policy.TimeWindow;
import dev.writ.protocol.wire.DriftPredicate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A {@link PolicySet} as the PolicyRegistry's document: {@code abi.encode(PolicyDocument)} with the
 * structs of {@code PolicyRegistry.sol}. Maps become arrays in key order, sets sorted arrays,
 * optionals a presence flag beside zero values, decimals their plain spelling (scale kept, so a
 * decoded set equals the encoded one), times nanoseconds of day, durations milliseconds.
 *
 * <p>Decoding is strict: the bytes must decode, the values must form a valid PolicySet, and
 * re-encoding it must give the same bytes — so one policy has exactly one document, and nothing a
 * node ignores can hide in one.
 */
public final class PolicyDocumentCodec {
    static final AbiType TARGET = AbiType.tuple(AbiType.BYTES, AbiType.array(AbiType.BYTES));
    static final AbiType BOUND = AbiType.tuple(AbiType.BYTES, AbiType.WORD, AbiType.WORD, AbiType.BYTES,
            AbiType.WORD, AbiType.BYTES, AbiType.array(AbiType.BYTES));
    static final AbiType WINDOW = AbiType.tuple(AbiType.WORD, AbiType.WORD, AbiType.WORD, AbiType.BYTES,
            AbiType.WORD, AbiType.WORD);
    static final AbiType RATE = AbiType.tuple(AbiType.WORD, AbiType.WORD, AbiType.WORD);
    static final AbiType SPEND = AbiType.tuple(AbiType.WORD, AbiType.BYTES, AbiType.BYTES, AbiType.WORD);
    static final AbiType APPROVAL = AbiType.tuple(AbiType.WORD, AbiType.WORD, AbiType.BYTES, AbiType.BYTES,
            AbiType.WORD, AbiType.WORD);
    static final AbiType DRIFT = AbiType.tuple(AbiType.BYTES, AbiType.WORD, AbiType.WORD, AbiType.BYTES);
    static final AbiType RULE = AbiType.tuple(AbiType.BYTES, AbiType.WORD, AbiType.BYTES, AbiType.array(TARGET),
            AbiType.array(BOUND), AbiType.WORD, AbiType.WORD, AbiType.WORD, AbiType.array(AbiType.BYTES),
            AbiType.array(WINDOW), RATE, SPEND, APPROVAL, AbiType.WORD, AbiType.array(DRIFT), AbiType.WORD, AbiType.WORD);
    static final AbiType DOCUMENT = AbiType.tuple(AbiType.BYTES, AbiType.WORD, AbiType.WORD, AbiType.array(RULE));
    /** {@code abi.encode(doc)} encodes the one-element tuple {@code (doc)}. */
    static final AbiType ENCODED = AbiType.tuple(DOCUMENT);

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private PolicyDocumentCodec() {
    }

    /** The document for {@code set}. */
    public static byte[] encode(PolicySet set) throws PolicyDocumentException {
        List<AbiValue> rules = new ArrayList<>();
        for (AgentRule rule : set.rules()) {
            rules.add(rule(rule));
        }
        AbiValue document = tuple(text(set.domain()), AbiValue.Word.of(set.version()),
                AbiValue.Word.of(set.minimumWritVersion()), new AbiValue.Array(rules));
        return tuple(document).encode();
    }

    /** The policy in {@code document}, refused with a typed fault unless it is one's canonical document. */
    public static PolicySet decode(byte[] document) throws PolicyDocumentException {
        AbiValue.Tuple outer = (AbiValue.Tuple) ENCODED.decode(document);
        List<AbiValue> doc = ((AbiValue.Tuple) outer.components().get(0)).components();
        PolicySet set;
        try {
            List<AgentRule> rules = new ArrayList<>();
            for (AbiValue rule : elements(doc.get(3))) {
                rules.add(rule(((AbiValue.Tuple) rule).components()));
            }
            set = PolicySet.of(string(doc.get(0)), uint(doc.get(1), Long.MAX_VALUE), uint(doc.get(2), Long.MAX_VALUE), rules);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new PolicyDocumentException(PolicyDocumentException.Fault.INVALID_POLICY, e.getMessage(), e);
        }
        if (!Arrays.equals(encode(set), document)) {
            throw new PolicyDocumentException(PolicyDocumentException.Fault.NON_CANONICAL,
                    "the document decodes to " + set + " but is not its canonical encoding");
        }
        return set;
    }

    // ------------------------------------------------------------------ encoding

    private static AbiValue rule(AgentRule rule) throws PolicyDocumentException {
        List<AbiValue> targets = new ArrayList<>();
        rule.targets().forEach((target, ops) -> targets.add(tuple(text(target), texts(ops))));
        List<AbiValue> bounds = new ArrayList<>();
        for (ParameterBound b : rule.parameters().values()) {
            bounds.add(tuple(text(b.name()), AbiValue.Word.of(b.required()),
                    AbiValue.Word.of(b.minimum().isPresent()), text(b.minimum().map(PolicyDocumentCodec::decimal).orElse("")),
                    AbiValue.Word.of(b.maximum().isPresent()), text(b.maximum().map(PolicyDocumentCodec::decimal).orElse("")),
                    texts(b.oneOf())));
        }
        List<AbiValue> windows = new ArrayList<>();
        for (TimeWindow w : rule.timeWindows()) {
            windows.add(window(w));
        }
        List<AbiValue> drift = new ArrayList<>();
        for (DriftRule d : rule.drift()) {
            boolean fromParameter = d.value() instanceof DriftRule.FromParameter;
            String value = fromParameter ? ((DriftRule.FromParameter) d.value()).parameter() : ((DriftRule.Fixed) d.value()).value();
            drift.add(tuple(text(d.observable()), AbiValue.Word.of(d.op().getNumber()), AbiValue.Word.of(fromParameter), text(value)));
        }
        AbiValue rate = rule.rate().isPresent()
                ? tuple(AbiValue.Word.of(true), AbiValue.Word.of(rule.rate().get().max()), AbiValue.Word.of(millis(rule.rate().get().period())))
                : tuple(AbiValue.Word.of(false), AbiValue.Word.of(0), AbiValue.Word.of(0));
        AbiValue spend = rule.spend().isPresent()
                ? tuple(AbiValue.Word.of(true), text(rule.spend().get().parameter()), text(decimal(rule.spend().get().max())),
                AbiValue.Word.of(millis(rule.spend().get().period())))
                : tuple(AbiValue.Word.of(false), text(""), text(""), AbiValue.Word.of(0));
        AbiValue approval = rule.approval().isPresent() ? approval(rule.approval().get())
                : tuple(AbiValue.Word.of(false), AbiValue.Word.of(false), text(""), text(""), AbiValue.Word.of(false), AbiValue.Word.of(0));
        return tuple(text(rule.name()), AbiValue.Word.of(rule.agent().kind() == AgentMatcher.Kind.EXACT ? 0 : 1),
                text(rule.agent().pattern()), new AbiValue.Array(targets), new AbiValue.Array(bounds),
                AbiValue.Word.of(rule.allowUndeclaredParameters()), AbiValue.Word.of(rule.riskCeiling().isPresent()),
                AbiValue.Word.of(rule.riskCeiling().orElse(0)), texts(rule.classifications()), new AbiValue.Array(windows),
                rate, spend, approval, AbiValue.Word.of(rule.window().toSeconds()), new AbiValue.Array(drift),
                AbiValue.Word.of(rule.risk().isPresent()), AbiValue.Word.of(rule.risk().orElse(0)));
    }

    private static AbiValue window(TimeWindow w) {
        int mask = 0;
        for (DayOfWeek d : w.days()) {
            mask |= 1 << d.ordinal();
        }
        boolean fixed = w.zone().getRules().isFixedOffset();
        int offset = fixed ? w.zone().getRules().getOffset(Instant.EPOCH).getTotalSeconds() : 0;
        return tuple(AbiValue.Word.of(mask), AbiValue.Word.of(w.from().toNanoOfDay()), AbiValue.Word.of(w.to().toNanoOfDay()),
                text(w.zone().getId()), AbiValue.Word.of(fixed), AbiValue.Word.of(offset));
    }

    private static AbiValue approval(ApprovalThreshold a) {
        return tuple(AbiValue.Word.of(true), AbiValue.Word.of(a.parameter().isPresent()), text(a.parameter().orElse("")),
                text(a.above().map(PolicyDocumentCodec::decimal).orElse("")), AbiValue.Word.of(a.riskAtLeast().isPresent()),
                AbiValue.Word.of(a.riskAtLeast().orElse(0)));
    }

    /** The plain spelling with the value's own scale, so decoding gives an equal BigDecimal. */
    private static String decimal(BigDecimal value) {
        return value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString();
    }

    private static long millis(Duration period) throws PolicyDocumentException {
        if (period.toNanosPart() % 1_000_000 != 0) {
            throw new PolicyDocumentException(PolicyDocumentException.Fault.NOT_ENCODABLE,
                    "budget period " + period + " is not whole milliseconds");
        }
        return period.toMillis();
    }

    private static AbiValue tuple(AbiValue... components) {
        return new AbiValue.Tuple(List.of(components));
    }

    private static AbiValue text(String s) {
        return new AbiValue.Bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static AbiValue texts(Collection<String> values) {
        List<AbiValue> out = new ArrayList<>();
        values.forEach(v -> out.add(text(v)));
        return new AbiValue.Array(out);
    }

    // ------------------------------------------------------------------ decoding

    private static AgentRule rule(List<AbiValue> r) throws PolicyDocumentException {
        String pattern = string(r.get(2));
        AgentMatcher agent = switch ((int) uint(r.get(1), 1)) {
            case 0 -> AgentMatcher.exact(pattern);
            default -> AgentMatcher.agentClass(pattern);
        };
        SortedMap<String, SortedSet<String>> targets = new TreeMap<>();
        for (AbiValue t : elements(r.get(3))) {
            List<AbiValue> target = ((AbiValue.Tuple) t).components();
            targets.put(string(target.get(0)), new TreeSet<>(strings(target.get(1))));
        }
        SortedMap<String, ParameterBound> parameters = new TreeMap<>();
        for (AbiValue b : elements(r.get(4))) {
            List<AbiValue> bound = ((AbiValue.Tuple) b).components();
            String name = string(bound.get(0));
            parameters.put(name, new ParameterBound(name, bool(bound.get(1)),
                    optionalDecimal(bool(bound.get(2)), bound.get(3)), optionalDecimal(bool(bound.get(4)), bound.get(5)),
                    new TreeSet<>(strings(bound.get(6)))));
        }
        List<TimeWindow> windows = new ArrayList<>();
        for (AbiValue w : elements(r.get(9))) {
            windows.add(window(((AbiValue.Tuple) w).components()));
        }
        List<AbiValue> rate = ((AbiValue.Tuple) r.get(10)).components();
        List<AbiValue> spend = ((AbiValue.Tuple) r.get(11)).components();
        List<AbiValue> approval = ((AbiValue.Tuple) r.get(12)).components();
        List<DriftRule> drift = new ArrayList<>();
        for (AbiValue d : elements(r.get(14))) {
            List<AbiValue> rule = ((AbiValue.Tuple) d).components();
            DriftPredicate.Op op = DriftPredicate.Op.forNumber((int) uint(rule.get(1), 255));
            if (op == null) {
                throw new IllegalArgumentException("unknown drift op " + uint(rule.get(1), 255));
            }
            String value = string(rule.get(3));
            drift.add(new DriftRule(string(rule.get(0)), op,
                    bool(rule.get(2)) ? new DriftRule.FromParameter(value) : new DriftRule.Fixed(value)));
        }
        return new AgentRule(string(r.get(0)), agent, targets, parameters, bool(r.get(5)),
                bool(r.get(6)) ? OptionalInt.of((int) uint(r.get(7), 255)) : OptionalInt.empty(),
                new TreeSet<>(strings(r.get(8))), windows,
                bool(rate.get(0)) ? Optional.of(new RateBudget(uint(rate.get(1), Long.MAX_VALUE),
                        Duration.ofMillis(uint(rate.get(2), Long.MAX_VALUE)))) : Optional.empty(),
                bool(spend.get(0)) ? Optional.of(new SpendBudget(string(spend.get(1)), decimal(spend.get(2)),
                        Duration.ofMillis(uint(spend.get(3), Long.MAX_VALUE)))) : Optional.empty(),
                bool(approval.get(0)) ? Optional.of(new ApprovalThreshold(
                        bool(approval.get(1)) ? Optional.of(string(approval.get(2))) : Optional.empty(),
                        optionalDecimal(bool(approval.get(1)), approval.get(3)),
                        bool(approval.get(4)) ? OptionalInt.of((int) uint(approval.get(5), 255)) : OptionalInt.empty()))
                        : Optional.empty(),
                Duration.ofSeconds(uint(r.get(13), 0xFFFF_FFFFL)), drift,
                bool(r.get(15)) ? OptionalInt.of((int) uint(r.get(16), 255)) : OptionalInt.empty());
    }

    private static TimeWindow window(List<AbiValue> w) throws PolicyDocumentException {
        long mask = uint(w.get(0), 0x7F);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            if ((mask & (1L << d.ordinal())) != 0) {
                days.add(d);
            }
        }
        return new TimeWindow(days, LocalTime.ofNanoOfDay(uint(w.get(1), NANOS_PER_DAY - 1)),
                LocalTime.ofNanoOfDay(uint(w.get(2), NANOS_PER_DAY - 1)), ZoneId.of(string(w.get(3))));
    }

    private static Optional<BigDecimal> optionalDecimal(boolean present, AbiValue value) throws PolicyDocumentException {
        return present ? Optional.of(decimal(value)) : Optional.empty();
    }

    private static BigDecimal decimal(AbiValue value) throws PolicyDocumentException {
        String text = string(value);
        // policy bounds may be longer than the 64 characters PlainDecimal admits in proposals
        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a plain decimal");
        }
        return new BigDecimal(text);
    }

    private static List<AbiValue> elements(AbiValue array) {
        return ((AbiValue.Array) array).elements();
    }

    private static List<String> strings(AbiValue array) throws PolicyDocumentException {
        List<String> out = new ArrayList<>();
        for (AbiValue v : elements(array)) {
            out.add(string(v));
        }
        return out;
    }

    private static String string(AbiValue value) throws PolicyDocumentException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(((AbiValue.Bytes) value).value())).toString();
        } catch (CharacterCodingException e) {
            throw new PolicyDocumentException(PolicyDocumentException.Fault.MALFORMED_ABI, "a string is not UTF-8", e);
        }
    }

    private static boolean bool(AbiValue value) throws PolicyDocumentException {
        return uint(value, 1) == 1;
    }

    /** The word as an unsigned number of at most {@code max}; larger words are refused. */
    private static long uint(AbiValue value, long max) throws PolicyDocumentException {
        BigInteger v = ((AbiValue.Word) value).value();
        if (v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new PolicyDocumentException(PolicyDocumentException.Fault.MALFORMED_ABI, "word " + v + " exceeds " + max);
        }
        return v.longValue();
    }
}
