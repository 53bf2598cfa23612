package dev.writ.reconciliation;

import com.google.protobuf.ByteString;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.wire.RevocationEntry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One domain's revocations as received from it: add-only, numbered by the domain's revocation
 * epoch (1, 2, 3, …). {@link #epoch()} is the highest epoch up to which every entry is held, the
 * number a verdict compares with the domain's beacons. Every entry held counts for
 * {@link #isRevoked}, even one past a gap: a revocation only ever restricts, so applying it early
 * is safe. Two different entries with one epoch mean the domain signed conflicting ledgers
 * ({@link #conflicting()}), which the verdict treats as equivocation; the envelopes that carried
 * the first two are kept ({@link #conflictingEnvelopes()}).
 */
final class RevocationLedger {
    private final NavigableMap<Long, Set<ByteString>> byEpoch = new TreeMap<>();
    /** Revoked subjects as {@code KIND:subject}. */
    private final Set<String> revoked = new HashSet<>();
    /** Entry hash → sequence number of the envelope that first carried it (for digests at a cut). */
    private final Map<ByteString, Long> carriedAt = new HashMap<>();
    private final Map<ByteString, Long> epochOf = new HashMap<>();
    /** Entry hash → hash of the envelope that first carried it (to name a conflict by its envelopes). */
    private final Map<ByteString, ByteString> carriedBy = new HashMap<>();
    private long epoch;
    private List<ByteString> conflict = List.of();

    /** Adds {@code entry} carried by envelope {@code envelopeSeq} whose hash is {@code envelope}; answers whether it was new. */
    boolean add(RevocationEntry entry, long envelopeSeq, ByteString envelope) {
        ByteString hash = ByteString.copyFrom(Hashes.sha256(entry.toByteArray()));
        Long known = carriedAt.get(hash);
        if (known != null) {
            if (envelopeSeq < known) {
                carriedAt.put(hash, envelopeSeq);
            }
            return false;
        }
        carriedAt.put(hash, envelopeSeq);
        carriedBy.put(hash, envelope);
        epochOf.put(hash, entry.getEpoch());
        Set<ByteString> at = byEpoch.computeIfAbsent(entry.getEpoch(), e -> new HashSet<>(2));
        if (!at.isEmpty() && conflict.isEmpty()) {
            conflict = List.of(carriedBy.get(at.iterator().next()), envelope);
        }
        at.add(hash);
        revoked.add(key(entry.getKind(), entry.getSubject()));
        while (byEpoch.containsKey(epoch + 1)) {
            epoch++;
        }
        return true;
    }

    static String key(RevocationEntry.Kind kind, String subject) {
        return kind.name() + ":" + subject;
    }

    long epoch() {
        return epoch;
    }

    boolean conflicting() {
        return !conflict.isEmpty();
    }

    /** The envelopes that carried the first two entries with one epoch; empty while there are none. */
    List<ByteString> conflictingEnvelopes() {
        return conflict;
    }

    boolean isRevoked(RevocationEntry.Kind kind, String subject) {
        return revoked.contains(key(kind, subject));
    }

    /** An immutable copy of the revoked subjects ({@code KIND:subject}). */
    Set<String> revokedCopy() {
        return Set.copyOf(revoked);
    }

    /**
     * The chain over entries 1..{@code upTo} (RevocationChain), when each of those epochs holds
     * exactly one entry; empty otherwise.
     */
    Optional<byte[]> chain(long upTo) {
        if (upTo > epoch || conflicting()) {
            return Optional.empty();
        }
        RevocationChain chain = new RevocationChain();
        for (long e = 1; e <= upTo; e++) {
            chain.appendHash(e, byEpoch.get(e).iterator().next().toByteArray());
        }
        return Optional.of(chain.value());
    }

    /** The envelope number that carried the entry of {@code epoch} (1..epoch()), first seen. */
    long carrierOf(long entryEpoch) {
        ByteString hash = byEpoch.get(entryEpoch).iterator().next();
        return carriedAt.get(hash);
    }

    int size() {
        return carriedAt.size();
    }

    /** The entries carried by envelopes numbered at most {@code seq}: their epoch-contiguous height and set digest. */
    Cut cut(long seq) {
        SetAccumulator acc = new SetAccumulator();
        Set<Long> epochs = new HashSet<>();
        carriedAt.forEach((hash, at) -> {
            if (at <= seq) {
                acc.add(hash);
                epochs.add(epochOf.get(hash));
            }
        });
        long contiguous = 0;
        while (epochs.contains(contiguous + 1)) {
            contiguous++;
        }
        return new Cut(contiguous, acc);
    }

    record Cut(long epoch, SetAccumulator entries) {
    }
}
