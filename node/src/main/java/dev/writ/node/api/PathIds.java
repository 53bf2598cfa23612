package dev.writ.node.api;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The ids a path names (a writ's jti, an approval id). A route captures the whole segment, and the
 * resource's directive refuses one that is not a well-formed id as MALFORMED, recorded on a
 * command like any bad input (invariant 9), instead of answering it as an unknown path.
 */
final class PathIds {
    /** What a route captures for an id: one whole path segment, whatever it holds. */
    static final String SEGMENT = "([^/]+)";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private PathIds() {
    }

    static void requireWellFormed(List<String> ids) throws Refusal {
        for (String id : ids) {
            if (!ID.matcher(id).matches()) {
                throw new Refusal(RefusalCode.MALFORMED, id, "an id in the path is 1-128 letters, digits, '_', '.', ':' or '-'");
            }
        }
    }
}
