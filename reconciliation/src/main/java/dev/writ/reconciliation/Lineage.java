package dev.writ.reconciliation;

import com.google.protobuf.ByteString;
import dev.writ.protocol.crypto.Hashes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Continuity of one sender domain's envelope chain: contiguous sequence numbers from 0, each
 * envelope naming the hash of the one before. Holds every distinct envelope hash received, so the
 * state is a function of the received set alone:
 * <ul>
 *   <li>{@link #head()}: the last sequence number up to which the chain is whole and unambiguous
 *       (exactly one envelope at each number, each linked to the one before);</li>
 *   <li>{@link #equivocating()}: the sender signed two different envelopes for one place in its
 *       chain (two hashes at one number, or an envelope whose previous hash is not the envelope
 *       held at the number before). Once true it stays true: more envelopes cannot undo it;</li>
 *   <li>{@link #highestSeq()}: the highest number seen; above the head means a gap to repair.</li>
 * </ul>
 * Mutable and not thread-safe: one owner applies envelopes, and publishes {@link DomainView}s.
 */
final class Lineage {
    static final ByteString ZERO = ByteString.copyFrom(Hashes.zeroHash());

    /** Per sequence number: each distinct envelope hash received there, and the previous hash it names. */
    private final NavigableMap<Long, Map<ByteString, ByteString>> bySeq = new TreeMap<>();
    private final SetAccumulator all = new SetAccumulator();
    private long head = -1;
    private long highest = -1;
    private boolean equivocating;
    private Conflict firstConflict;

    /**
     * Envelopes that cannot all be in the sender's chain, as first found here (evidence): two at one
     * number, or one and the envelope before or after it that it does not link to; one alone when
     * the first envelope names a previous hash. Every one of them is held here, by its hash.
     */
    record Conflict(long seq, List<ByteString> envelopes, String why) {
    }

    /** What adding one envelope did. */
    enum Added { NEW, DUPLICATE }

    Added add(long seq, ByteString hash, ByteString prev) {
        if (seq < 0) {
            throw new IllegalArgumentException("sequence numbers start at 0");
        }
        Map<ByteString, ByteString> at = bySeq.computeIfAbsent(seq, s -> new HashMap<>(2));
        if (at.containsKey(hash)) {
            return Added.DUPLICATE;
        }
        if (!at.isEmpty()) {
            conflict(new Conflict(seq, List.of(at.keySet().iterator().next(), hash),
                    "two envelopes with sequence number " + seq));
        }
        at.put(hash, prev);
        all.add(hash);
        highest = Math.max(highest, seq);
        if (seq == 0 && !prev.equals(ZERO)) {
            conflict(new Conflict(0, List.of(hash), "the first envelope names a previous hash"));
        }
        Optional<ByteString> before = unique(seq - 1);
        if (seq > 0 && before.isPresent() && !before.get().equals(prev)) {
            conflict(new Conflict(seq - 1, List.of(before.get(), hash), "envelope " + seq + " follows another envelope "
                    + (seq - 1)));
        }
        Map<ByteString, ByteString> after = bySeq.get(seq + 1);
        if (after != null) {
            for (Map.Entry<ByteString, ByteString> next : after.entrySet()) {
                if (!next.getValue().equals(hash)) {
                    conflict(new Conflict(seq, List.of(hash, next.getKey()), "envelope " + (seq + 1)
                            + " follows another envelope " + seq));
                }
            }
        }
        if (seq <= head) {
            head = seq - 1; // a second envelope at a number the chain had passed: the chain is whole only before it
        }
        extend();
        return Added.NEW;
    }

    private void conflict(Conflict c) {
        equivocating = true;
        if (firstConflict == null) {
            firstConflict = c;
        }
    }

    private void extend() {
        while (true) {
            long next = head + 1;
            Map<ByteString, ByteString> at = bySeq.get(next);
            if (at == null || at.size() != 1) {
                return;
            }
            ByteString prev = at.values().iterator().next();
            ByteString expected = head < 0 ? ZERO : unique(head).orElseThrow();
            if (!prev.equals(expected)) {
                return;
            }
            head = next;
        }
    }

    private Optional<ByteString> unique(long seq) {
        Map<ByteString, ByteString> at = bySeq.get(seq);
        return at != null && at.size() == 1 ? Optional.of(at.keySet().iterator().next()) : Optional.empty();
    }

    long head() {
        return head;
    }

    /** The envelope hash at {@code seq} when {@code seq} is within the whole chain. */
    Optional<ByteString> hashAt(long seq) {
        return seq >= 0 && seq <= head ? unique(seq) : Optional.empty();
    }

    long highestSeq() {
        return highest;
    }

    boolean equivocating() {
        return equivocating;
    }

    Optional<Conflict> firstConflict() {
        return Optional.ofNullable(firstConflict);
    }

    /** The numbers above the head that are missing, as at most {@code limit} ranges [from, to]. */
    List<long[]> missing(int limit) {
        List<long[]> ranges = new ArrayList<>();
        long expected = head + 1;
        for (long present : bySeq.tailMap(head + 1, true).keySet()) {
            if (ranges.size() == limit) {
                break;
            }
            if (present > expected) {
                ranges.add(new long[] {expected, present - 1});
            }
            expected = present + 1;
        }
        return ranges;
    }

    SetAccumulator all() {
        return all;
    }
}
