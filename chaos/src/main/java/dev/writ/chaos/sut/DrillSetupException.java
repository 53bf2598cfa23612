package dev.writ.chaos.sut;

/** The drill could not build or change its system under test (no network namespace, no PostgreSQL ...). */
public final class DrillSetupException extends RuntimeException {
    public DrillSetupException(String message) {
        super(message);
    }

    public DrillSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
