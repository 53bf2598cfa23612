package dev.writ.policy;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Plain decimal numbers as the protocol writes them ({@code -?[0-9]+(\.[0-9]+)?}, at most 64
 * characters). Exponents, signs other than a leading minus, NaN, infinities, blanks and
 * thousands separators are refused, so one value has one spelling family and nobody smuggles
 * {@code 1e9999} into a bound check.
 */
public final class PlainDecimal {
    /** Longer numbers are refused outright: a policy bound never needs them. */
    public static final int MAX_LENGTH = 64;
    private static final Pattern PLAIN = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    private PlainDecimal() {
    }

    /** The value, or empty when {@code text} is not a plain decimal. */
    public static Optional<BigDecimal> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || !PLAIN.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(text));
    }

    /** The canonical spelling: plain notation, no trailing fractional zeros ("1000.00" → "1000"). */
    public static String render(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.signum() == 0 ? "0" : stripped.toPlainString();
    }
}
