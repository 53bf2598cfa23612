package dev.writ.contracts.chain;

import java.math.BigInteger;

/**
 * An agent as {@code AgentRegistry} holds it. Times are block timestamps (seconds); {@code
 * revokedAt} is 0 unless revoked. {@code enrolmentKey} is the key id (RFC 7638 thumbprint) its
 * domain admin committed for its first certificate. An unknown agent reads with status {@link
 * Status#UNKNOWN} and all zeros.
 */
public record RegisteredAgent(
    Bytes32 agent, Bytes32 domain, BigInteger capabilities, Bytes32 modelHash, Status status,
    long registeredAt, long revokedAt, Bytes32 enrolmentKey) {

  /** The on-chain status byte: 0 unknown, 1 active, 2 revoked (final). */
  public enum Status {
    UNKNOWN, ACTIVE, REVOKED;

    static Status of(int code) {
      return switch (code) {
        case 0 -> UNKNOWN;
        case 1 -> ACTIVE;
        case 2 -> REVOKED;
        default -> throw new IllegalArgumentException("unknown agent status " + code);
      };
    }
  }
}
