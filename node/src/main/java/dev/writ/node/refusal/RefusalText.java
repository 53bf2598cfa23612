package dev.writ.node.refusal;

import dev.writ.protocol.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * How text from outside the node appears in a refusal, and so in its REFUSAL record, the story the
 * record is filed under, the problem+json answer and the log (invariant 9: bad input never reaches
 * a record as it was sent).
 *
 * <p>A subject is kept as the request named it only when it is a well-formed id: 1 to
 * {@value #MAX_SUBJECT_CHARS} of {@code [A-Za-z0-9_.:/-]} (proposal ids, jtis, approval ids, SPIFFE
 * ids and key ids all are) that does not start with {@value #DIGEST_PREFIX}. Any other subject is
 * rendered as {@value #DIGEST_PREFIX} and the lowercase hex SHA-256 of its UTF-8 bytes: bounded,
 * printable, storable in any text column, and found again by whoever holds the id that was sent.
 * Ids that themselves start with the prefix are digested too, so no request can name another's
 * digest and file its refusal in that story. The record keeps the hash of the whole request besides.
 *
 * <p>Other text (a refusal's detail, the path an answer names) is kept printable: control, format,
 * private-use and unassigned characters and lone surrogates are written as Java escapes (a
 * backslash, {@code u}, four hex digits), and text beyond {@value #MAX_PRINTABLE_CHARS} characters is
 * cut, saying how much was left out.
 */
public final class RefusalText {
    /** Longest subject kept as named. */
    public static final int MAX_SUBJECT_CHARS = 256;
    /** Longest detail or path kept, escapes included. */
    public static final int MAX_PRINTABLE_CHARS = 2048;
    /** What a digested subject starts with. */
    public static final String DIGEST_PREFIX = "sha256:";

    private static final Pattern WELL_FORMED_SUBJECT = Pattern.compile("[A-Za-z0-9_.:/-]{1," + MAX_SUBJECT_CHARS + "}");
    private static final HexFormat HEX = HexFormat.of();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private RefusalText() {
    }

    /** The subject as records and answers carry it: as named when well-formed, else its digest; "" for none. */
    public static String subject(String named) {
        if (named == null || named.isEmpty()) {
            return "";
        }
        if (WELL_FORMED_SUBJECT.matcher(named).matches() && !named.startsWith(DIGEST_PREFIX)) {
            return named;
        }
        return DIGEST_PREFIX + HEX.formatHex(Hashes.sha256(named.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The text with every invisible or unprintable character escaped; beyond {@value #MAX_PRINTABLE_CHARS}
     * characters (escapes counted) it is cut, and a note says how many characters were left out.
     */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_PRINTABLE_CHARS) + 32);
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            String shown = printable(codePoint) ? text.substring(i, i + width) : escaped(text.substring(i, i + width));
            if (out.length() + shown.length() > MAX_PRINTABLE_CHARS) {
                break;
            }
            out.append(shown);
            i += width;
        }
        if (i < text.length()) {
            out.append("... (").append(text.length() - i).append(" more characters)");
        }
        return out.toString();
    }

    private static String escaped(String chars) {
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < chars.length(); k++) {
            out.append("\\u").append(UPPER_HEX.toHexDigits(chars.charAt(k)));
        }
        return out.toString();
    }

    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                    Character.PRIVATE_USE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
