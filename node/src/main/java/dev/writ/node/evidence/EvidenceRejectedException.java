package dev.writ.node.evidence;

/**
 * The store refused a row for its content (a character or a length its table cannot hold), not
 * for want of the database: the action the row records is refused as any unrecorded action is
 * (invariant 3), but the store is available, so the row is refused alone and the node's health is
 * not touched (invariant 9: bad input never takes a node down).
 */
public final class EvidenceRejectedException extends EvidenceUnavailableException {
    private static final long serialVersionUID = 1L;

    public EvidenceRejectedException(String message) {
        super(message);
    }

    public EvidenceRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
