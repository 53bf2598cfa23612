package dev.writ.protocol.client;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * No usable answer from the node: no connection, a timeout, an error page that is not
 * problem+json, or a body that does not parse. Unlike {@link WritRefusedException}, the outcome of
 * the call is unknown (a redemption may have happened), so a PEP must not execute on it.
 */
public final class WritClientException extends IOException {
    private final int httpStatus;

    public WritClientException(String message) {
        this(message, 0, null);
    }

    public WritClientException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public WritClientException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the answer, when there was one. */
    public OptionalInt httpStatus() {
        return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
    }
}
