package dev.writ.reconciliation;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per domain, the revocation epoch held here and the policy version its latest beacon states.
 * Vectors merge by pointwise maximum, so they are compared and combined the same way everywhere.
 */
public record EpochVector(Map<String, Epochs> byDomain) {
    public record Epochs(long revocationEpoch, long policyVersion) {
        Epochs max(Epochs o) {
            return new Epochs(Math.max(revocationEpoch, o.revocationEpoch), Math.max(policyVersion, o.policyVersion));
        }
    }

    public EpochVector {
        byDomain = Map.copyOf(new TreeMap<>(byDomain));
    }

    public static EpochVector of(Collection<DomainView> views) {
        Map<String, Epochs> m = new TreeMap<>();
        for (DomainView v : views) {
            long policy = v.beacon().map(b -> b.beacon().getPolicyEpoch().getVersion()).orElse(0L);
            m.put(v.domain(), new Epochs(v.revocationEpoch(), policy));
        }
        return new EpochVector(m);
    }

    public EpochVector merge(EpochVector other) {
        Map<String, Epochs> m = new TreeMap<>(byDomain);
        other.byDomain.forEach((d, e) -> m.merge(d, e, Epochs::max));
        return new EpochVector(m);
    }

    /** Whether this vector is at least {@code other} in every domain {@code other} names. */
    public boolean dominates(EpochVector other) {
        return other.byDomain.entrySet().stream().allMatch(e -> {
            Epochs mine = byDomain.get(e.getKey());
            return mine != null && mine.revocationEpoch() >= e.getValue().revocationEpoch()
                    && mine.policyVersion() >= e.getValue().policyVersion();
        });
    }
}
