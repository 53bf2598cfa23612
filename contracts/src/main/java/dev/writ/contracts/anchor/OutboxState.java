package dev.writ.contracts.anchor;

/**
 * Where a sealed batch is on its way to the chain. QUEUED → SENT → MINED → CONFIRMED is the
 * normal path; SENT and MINED may fall back to QUEUED-like re-sends (a dropped transaction, a
 * shallow reorg). FAILED is terminal and means the chain holds a different root for the batch (a
 * fork): the submitter stops for the domain and health says FAILED until an operator acts.
 */
public enum OutboxState {
    QUEUED, SENT, MINED, CONFIRMED, FAILED;

    /** Whether the submitter still has work to do for a batch in this state. */
    public boolean open() {
        return this == QUEUED || this == SENT || this == MINED;
    }
}
