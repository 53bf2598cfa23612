package dev.writ.reconciliation;

/**
 * Why an action depending on a domain is refused now. Stable codes: the node's refusals, health
 * findings and metrics carry them unchanged.
 */
public enum ContinuityCode {
    /** Envelopes, revocations or any beacon of the domain are missing here: synchronize before authorize. */
    CONTINUITY_GAP,
    /** The domain's latest beacon here is older than the staleness bound. */
    EPOCH_STALE,
    /** The domain signed two versions of its envelope chain or its revocation ledger; refused until an operator resolves it. */
    EQUIVOCATION,
    /** The domain signed an envelope whose payload is unreadable or speaks for another domain. */
    ENVELOPE_INVALID,
    /** The domain is not in this node's partner list (writ.exchange.partners, or its partners file) now: nothing of it is taken. */
    NOT_A_PARTNER
}
