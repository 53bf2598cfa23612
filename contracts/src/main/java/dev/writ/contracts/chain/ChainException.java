package dev.writ.contracts.chain;

/**
 * A chain interaction that did not produce its result. The {@link Code} is stable: operators and
 * callers (retry with back-off, degrade health, give up) branch on it, not on the message.
 */
public sealed class ChainException extends RuntimeException permits ContractRevert {
  private static final long serialVersionUID = 1L;

  /** Why the interaction failed. */
  public enum Code {
    /** The RPC endpoint did not answer (connection refused, timeout, I/O error). Retry later. */
    RPC_UNREACHABLE,
    /** The node answered with a JSON-RPC error that is not a revert (e.g. nonce too low, underpriced). */
    RPC_ERROR,
    /** The contract reverted; see {@link ContractRevert}. Retrying the same call is pointless. */
    REVERTED,
    /** The transaction was accepted but no receipt appeared within the configured wait. */
    RECEIPT_TIMEOUT
  }

  private final Code code;

  public ChainException(Code code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  public ChainException(Code code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
