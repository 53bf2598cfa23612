package dev.writ.protocol;

import java.util.Objects;

/**
 * The one exception every parser and verifier of this library throws for bad input. It is
 * checked on purpose: a caller cannot forget that verification can fail.
 */
public final class ProtocolException extends Exception {
    private final Fault fault;
    private final String detail;

    public ProtocolException(Fault fault, String message) {
        super(fault + ": " + Objects.requireNonNull(message, "message"));
        this.fault = Objects.requireNonNull(fault, "fault");
        this.detail = message;
    }

    public ProtocolException(Fault fault, String message, Throwable cause) {
        super(fault + ": " + Objects.requireNonNull(message, "message"), cause);
        this.fault = Objects.requireNonNull(fault, "fault");
        this.detail = message;
    }

    public Fault fault() {
        return fault;
    }

    /** The explanation without the fault code in front. */
    public String detail() {
        return detail;
    }
}
