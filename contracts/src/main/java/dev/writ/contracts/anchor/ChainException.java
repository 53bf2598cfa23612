package dev.writ.contracts.anchor;

/** A chain call that did not succeed, typed so the submitter knows whether to retry, reconcile or stop. */
public final class ChainException extends Exception {
    /** Stable codes; operators grep for them. */
    public enum Kind {
        /** The RPC endpoint did not answer (connection refused, timeout): retry with back-off. */
        CHAIN_UNREACHABLE,
        /** The call would revert; {@link #revert()} names EvidenceAnchor's custom error when known. */
        CHAIN_REVERTED,
        /** The node refused the transaction (nonce too low, underpriced, ...): retry after a fresh look. */
        CHAIN_REFUSED,
        /** The node answered something this client cannot read. */
        CHAIN_MALFORMED
    }

    private final Kind kind;
    private final String revert;

    public ChainException(Kind kind, String message, String revert, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
        this.revert = revert == null ? "" : revert;
    }

    public Kind kind() {
        return kind;
    }

    /** The custom error's name (e.g. {@code BatchOutOfOrder}), or "" when not a known revert. */
    public String revert() {
        return revert;
    }
}
