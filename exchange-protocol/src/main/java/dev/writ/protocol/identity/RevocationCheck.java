package dev.writ.protocol.identity;

import dev.writ.protocol.crypto.KeyId;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Where a verifier learns whether an agent certificate is revoked: a node asks its revocation
 * ledger (and the chain), a partner its OCSP answers. There is deliberately no "never revoked"
 * constant: a caller that skips revocation must write that down in its own code.
 */
@FunctionalInterface
public interface RevocationCheck {
    /**
     * Why the certificate (by serial or by its certified key) or its agent (by SPIFFE id) is
     * revoked, or empty when it is not.
     */
    Optional<String> revocationOf(BigInteger serial, SpiffeId agent, KeyId key);
}
