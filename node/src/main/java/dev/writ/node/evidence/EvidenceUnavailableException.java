package dev.writ.node.evidence;

/**
 * Evidence could not be made durable (or read back), so the action it records must be refused
 * (invariant 3: fail closed, back-pressure, never drop). Callers map it to the refusal code
 * {@value #CODE}. Its one kind, {@link EvidenceRejectedException}, says the store refused a row
 * for its content while it was itself available: the action is refused all the same.
 */
public sealed class EvidenceUnavailableException extends RuntimeException permits EvidenceRejectedException {
    /** The stable refusal code operators grep for. */
    public static final String CODE = "EVIDENCE_UNAVAILABLE";
    private static final long serialVersionUID = 1L;

    public EvidenceUnavailableException(String message) {
        super(message);
    }

    public EvidenceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
