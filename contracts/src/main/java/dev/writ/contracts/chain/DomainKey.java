package dev.writ.contracts.chain;

/**
 * A domain signing key as {@code AgentRegistry} holds it: an Ed25519 public key valid in
 * {@code [validFrom, validUntil)} (seconds). An unknown key reads as all zeros: {@link #exists()}.
 */
public record DomainKey(Bytes32 domain, Bytes32 keyId, Bytes32 publicKey, long validFrom, long validUntil, boolean revoked) {
  public boolean exists() {
    return !publicKey.isZero();
  }
}
