package dev.writ.protocol.client;

import java.io.IOException;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * No usable answer from the node: no connection, a timeout, a connection closed before any answer,
 * an error page that is not problem+json, or a body that does not parse. Unlike
 * {@link WritRefusedException}, the outcome of the call is unknown (a redemption may have happened),
 * so a PEP must not execute on it. {@link #stage()} says how far the exchange got, which is what a
 * client needs to decide whether to send the request to another node.
 */
public final class WritClientException extends IOException {
    /** How far the exchange got before it failed. */
    public enum Stage {
        /** No connection was made: the node never saw the request, so any node may be sent it. */
        NOT_SENT,
        /**
         * The request was sent and the connection ended before any byte of an answer: the node may or
         * may not have read it (a stopping node closing an idle keep-alive connection, a node that
         * died). Writ's operations are safe to send again: an identical proposal is answered from
         * evidence (D35), a redemption is redeemed once or refused REPLAYED, a revocation is
         * monotone (D118).
         */
        CLOSED_BEFORE_ANSWER,
        /** No complete answer within the deadline, the connection broke during one, or the caller was interrupted. */
        NO_COMPLETE_ANSWER,
        /** An answer came that is not one of the API's: its status, media type, size or syntax. */
        UNUSABLE_ANSWER
    }

    private final int httpStatus;
    private final Stage stage;

    public WritClientException(String message) {
        this(message, 0, null);
    }

    public WritClientException(String message, Throwable cause) {
        this(message, 0, cause);
    }

    public WritClientException(String message, int httpStatus, Throwable cause) {
        this(message, Stage.UNUSABLE_ANSWER, httpStatus, cause);
    }

    public WritClientException(String message, Stage stage, Throwable cause) {
        this(message, stage, 0, cause);
    }

    private WritClientException(String message, Stage stage, int httpStatus, Throwable cause) {
        super(message, cause);
        this.stage = Objects.requireNonNull(stage, "stage");
        this.httpStatus = httpStatus;
    }

    /** The HTTP status of the answer, when there was one. */
    public OptionalInt httpStatus() {
        return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
    }

    /** How far the exchange got. */
    public Stage stage() {
        return stage;
    }
}
