package dev.writ.contracts.anchor;

/** What the submitter does next for one outbox row; decided by {@link Submission#decide}, done by the edge. */
public sealed interface SubmitStep {
    /** Send a new transaction: nonce from the chain's pending count, fees from the node. */
    record Send(String why) implements SubmitStep {
    }

    /** Replace the stuck transaction: the same nonce, fees at least 12.5 % above {@code previous} ({@link Fees#bumped}). */
    record Replace(long nonce, Fees previous, String why) implements SubmitStep {
    }

    /** The transaction is in flight and not yet due for replacement. */
    record Wait(String why) implements SubmitStep {
    }

    /** The chain holds the batch (same root) in {@code block}, not yet {@code confirmations} deep. */
    record Mined(long block) implements SubmitStep {
    }

    /** The chain holds the batch deep enough: done, and the chain anchor goes into the stored batch. */
    record Confirmed(long block) implements SubmitStep {
    }

    /** The chain disagrees with the outbox (a fork): stop anchoring for the domain and say so loudly. */
    record Fail(String code, String detail) implements SubmitStep {
    }
}
