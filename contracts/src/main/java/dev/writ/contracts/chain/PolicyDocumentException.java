package dev.writ.contracts.chain;

/**
 * A policy document could not be encoded or decoded. The {@link Fault} is the stable code an
 * operator sees in logs and health reports.
 */
public final class PolicyDocumentException extends Exception {
    /** Why the document was refused. */
    public enum Fault {
        /** The bytes are not an ABI encoding of a PolicyDocument (bad offsets, lengths, truncation). */
        MALFORMED_ABI,
        /** The ABI decodes, but its values do not form a valid policy (AgentRule/PolicySet refuse them). */
        INVALID_POLICY,
        /** A valid policy, but not in its one canonical encoding (dirty padding, unsorted sets, absent fields set). */
        NON_CANONICAL,
        /** The policy holds a value the document cannot carry (e.g. a period that is not whole milliseconds). */
        NOT_ENCODABLE
    }

    private final Fault fault;

    public PolicyDocumentException(Fault fault, String detail) {
        super(fault + ": " + detail);
        this.fault = fault;
    }

    public PolicyDocumentException(Fault fault, String detail, Throwable cause) {
        super(fault + ": " + detail, cause);
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }
}
