package dev.writ.node.revocation;

import dev.writ.protocol.wire.RevocationEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one node knows of its domain's revocations: the entries up to {@code epoch}, and when the
 * ledger last confirmed that nothing newer exists. Immutable; the view swaps in a new one.
 */
public record RevocationSnapshot(long epoch, Set<String> agents, Set<String> writs, Set<String> keys,
                                 Set<String> delegations, long confirmedAtMillis) {

    public static final RevocationSnapshot NONE = new RevocationSnapshot(0, Set.of(), Set.of(), Set.of(), Set.of(), 0);

    /** Applies entries in epoch order; an entry that does not follow the epoch is a gap and is not applied. */
    public RevocationSnapshot apply(List<RevocationEntry> entries, long confirmedAt) {
        Set<String> a = new HashSet<>(agents);
        Set<String> w = new HashSet<>(writs);
        Set<String> k = new HashSet<>(keys);
        Set<String> d = new HashSet<>(delegations);
        long at = epoch;
        for (RevocationEntry entry : entries) {
            if (entry.getEpoch() <= at) {
                continue;
            }
            if (entry.getEpoch() != at + 1) {
                break;
            }
            switch (entry.getKind()) {
                case AGENT -> a.add(entry.getSubject());
                case WRIT -> w.add(entry.getSubject());
                case KEY -> k.add(entry.getSubject());
                case DELEGATION -> d.add(entry.getSubject());
                default -> throw new IllegalStateException("revocation entry " + entry.getEpoch() + " has no kind");
            }
            at = entry.getEpoch();
        }
        return new RevocationSnapshot(at, Set.copyOf(a), Set.copyOf(w), Set.copyOf(k), Set.copyOf(d),
                Math.max(confirmedAtMillis, confirmedAt));
    }

    /** Why a writ of {@code agent}, signed by {@code keyId}, may not be used; empty when nothing is revoked. */
    public Optional<String> revocationOf(String jti, String agent, String keyId) {
        if (writs.contains(jti)) {
            return Optional.of("writ " + jti + " is revoked");
        }
        if (agents.contains(agent)) {
            return Optional.of("agent " + agent + " is revoked");
        }
        if (keys.contains(keyId)) {
            return Optional.of("signing key " + keyId + " is revoked");
        }
        return Optional.empty();
    }

    public boolean isStale(long nowMillis, long boundMillis) {
        return nowMillis - confirmedAtMillis > boundMillis;
    }
}
