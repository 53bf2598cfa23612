package dev.writ.protocol.client;

import dev.writ.protocol.wire.Problem;
import java.util.Objects;

/**
 * The node answered and refused: an {@code application/problem+json} body (RFC 9457) with a
 * stable {@link #code()} such as REPLAYED, WRIT_EXPIRED, SCOPE_MISMATCH, REVOKED, DRIFT. Checked on
 * purpose, so that a caller cannot forget that a node may say no. A DENY decision on a proposal is
 * not a refusal: it is a normal answer.
 */
public final class WritRefusedException extends Exception {
    /** The code used when a problem body names none (a node should always name one). */
    public static final String UNSPECIFIED = "UNSPECIFIED";

    private final Problem problem;

    public WritRefusedException(Problem problem) {
        super(describe(Objects.requireNonNull(problem, "problem")));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** The stable refusal code; operators and PEPs branch on this, never on the detail text. */
    public String code() {
        return problem.getCode().isBlank() ? UNSPECIFIED : problem.getCode();
    }

    public int status() {
        return problem.getStatus();
    }

    public String detail() {
        return problem.getDetail();
    }

    private static String describe(Problem p) {
        String code = p.getCode().isBlank() ? UNSPECIFIED : p.getCode();
        String text = p.getDetail().isBlank() ? p.getTitle() : p.getDetail();
        return code + " (HTTP " + p.getStatus() + ")" + (text.isBlank() ? "" : ": " + text);
    }
}
