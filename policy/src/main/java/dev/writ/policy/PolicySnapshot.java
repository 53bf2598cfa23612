package dev.writ.policy;

import dev.writ.protocol.wire.PolicyEpoch;
import java.util.Objects;

/** A policy set together with the epoch it was read at; decisions cite the epoch. */
public record PolicySnapshot(PolicySet set, PolicyEpoch epoch) {
    public PolicySnapshot {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(epoch, "epoch");
        if (epoch.getVersion() != set.version()
                || !java.util.Arrays.equals(epoch.getRulesHash().toByteArray(), set.rulesHash())) {
            throw new IllegalArgumentException("epoch " + epoch.getVersion() + " does not describe " + set);
        }
    }
}
