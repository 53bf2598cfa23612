package dev.writ.policy;

/** A policy document is malformed; the message names the offending key and, when known, its line. */
public class PolicyFormatException extends Exception {
    public PolicyFormatException(String message) {
        super(message);
    }

    public PolicyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
