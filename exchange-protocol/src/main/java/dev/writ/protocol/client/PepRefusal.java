package dev.writ.protocol.client;

import dev.writ.protocol.wire.Problem;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PepGuard} will not let the mutation execute. {@link #code()} is stable: a
 * {@link dev.writ.protocol.Fault} name for a writ or receipt that does not verify (WRIT_EXPIRED,
 * BAD_SIGNATURE, UNKNOWN_KEY ...), {@link #SCOPE_MISMATCH} for a mutation outside the writ,
 * {@link #RECEIPT_MISMATCH} for a receipt about something else, POP_REQUIRED, POP_INVALID or
 * POP_STALE for a writ whose presenter did not prove its agent's key, or the node's own code when the
 * node refused (REPLAYED, REVOKED, DRIFT ...).
 */
public final class PepRefusal extends Exception {
    public static final String SCOPE_MISMATCH = "SCOPE_MISMATCH";
    public static final String RECEIPT_MISMATCH = "RECEIPT_MISMATCH";

    /** Where the refusal happened; tells whether the node saw the writ. */
    public enum Stage {
        /** The writ failed offline verification; the node was not called. */
        WRIT,
        /** The mutation is not what the writ allows; the node was not called. */
        SCOPE,
        /**
         * The writ names its agent's key and the presenter did not prove it (no proof, another key,
         * writ, mutation or PEP, or too old); the node was not called.
         */
        POSSESSION,
        /** The node refused the redemption; the writ was not redeemed by this call. */
        NODE,
        /**
         * The node answered, but with a receipt this PEP cannot verify or that is about something
         * else. The writ may be spent; nothing may execute under it. Alert: a node or the path to
         * it is misbehaving.
         */
        RECEIPT
    }

    private final String code;
    private final Stage stage;
    private final String detail;
    private final Problem problem;

    PepRefusal(String code, Stage stage, String detail, Throwable cause) {
        super(code + " (" + stage + "): " + detail, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.stage = Objects.requireNonNull(stage, "stage");
        this.detail = detail;
        this.problem = cause instanceof WritRefusedException refused ? refused.problem() : null;
    }

    public String code() {
        return code;
    }

    public Stage stage() {
        return stage;
    }

    public String detail() {
        return detail;
    }

    /** Whether the node was asked to redeem (stages NODE and RECEIPT). */
    public boolean reachedNode() {
        return stage == Stage.NODE || stage == Stage.RECEIPT;
    }

    /** The node's problem, when the node refused. */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }
}
