package dev.writ.node.evidence;

import java.sql.SQLException;

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

    /**
     * Whether no connection to the database could be had at all: SQLSTATE 08001/08004 (the server
     * refused or cannot be reached), which the pool's connection timeout carries over from its last
     * attempt. Then nothing more can be learnt from the store until it answers again, not even where
     * a lane's head is. Neither a pool that is merely busy (a timeout without that state) nor a
     * connection that broke while in use (08006) is this: the database may answer the next request.
     */
    public boolean noConnection() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && ("08001".equals(sql.getSQLState()) || "08004".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
