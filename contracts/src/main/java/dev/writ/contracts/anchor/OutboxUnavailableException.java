package dev.writ.contracts.anchor;

/** The outbox's database did not answer or refused a write; nothing was changed, retrying is safe. */
public final class OutboxUnavailableException extends RuntimeException {
    public OutboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
