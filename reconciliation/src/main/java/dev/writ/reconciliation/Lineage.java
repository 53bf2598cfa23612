package dev.writ.reconciliation;

import com.google.protobuf.ByteString;
import dev.writ.protocol.crypto.Hashes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Continuity of one sender domain's envelope chain: contiguous sequence numbers, each envelope
 * naming the hash of the one before, from 0 or from the domain's latest verified checkpoint (the
 * <em>floor</em>). Holds every distinct envelope hash received at or above the floor, and nothing
 * below it: the checkpoint's hash commits to the whole chain before it, so what follows is checked
 * against it alone. The state is a function of the received set and the floor:
 * <ul>
 *   <li>{@link #head()}: the last sequence number up to which the chain is whole and unambiguous
 *       from the floor (exactly one envelope at each number, each linked to the one before);</li>
 *   <li>{@link #equivocating()}: the sender signed two different envelopes for one place in its
 *       chain (two hashes at one number, or an envelope whose previous hash is not the envelope
 *       held at the number before). Once true it stays true: more envelopes cannot undo it;</li>
 *   <li>{@link #highestSeq()}: the highest number seen; above the head means a gap to repair.</li>
 * </ul>
 * Bounded: at most {@code maxHeld} numbers from the floor up are held; an envelope beyond is not
 * held ({@link Added#BEYOND}) but counts in {@link #highestSeq()}, so the domain shows a gap (fail
 * closed) until a checkpoint moves the floor. Mutable and not thread-safe: one owner applies
 * envelopes, and publishes {@link DomainView}s.
 */
final class Lineage {
    static final ByteString ZERO = ByteString.copyFrom(Hashes.zeroHash());

    private final long maxHeld;
    /** Per sequence number from the floor up: each distinct envelope hash received there, and the previous hash it names. */
    private final NavigableMap<Long, Map<ByteString, ByteString>> bySeq = new TreeMap<>();
    private final SetAccumulator all = new SetAccumulator();
    private int held;
    private long floor;
    private long head = -1;
    private long highest = -1;
    private boolean equivocating;
    private Conflict firstConflict;

    Lineage(long maxHeld) {
        if (maxHeld < 2) {
            throw new IllegalArgumentException("a lineage holds at least two envelopes");
        }
        this.maxHeld = maxHeld;
    }

    /**
     * Envelopes that cannot all be in the sender's chain, as first found here (evidence): two at one
     * number, or one and the envelope before or after it that it does not link to; one alone when
     * the first envelope names a previous hash. Every one of them is held here, by its hash.
     */
    record Conflict(long seq, List<ByteString> envelopes, String why) {
    }

    /**
     * What adding one envelope did: held anew, held already, below the floor (sealed by the
     * checkpoint there: nothing of it is held), or too far above the floor to be held yet.
     */
    enum Added { NEW, DUPLICATE, SEALED, BEYOND }

    Added add(long seq, ByteString hash, ByteString prev) {
        if (seq < 0) {
            throw new IllegalArgumentException("sequence numbers start at 0");
        }
        if (seq < floor) {
            return Added.SEALED;
        }
        Map<ByteString, ByteString> at = bySeq.get(seq);
        if (at != null && at.containsKey(hash)) {
            return Added.DUPLICATE;
        }
        if (seq - floor >= maxHeld) {
            highest = Math.max(highest, seq);
            return Added.BEYOND;
        }
        if (at == null) {
            at = new HashMap<>(2);
            bySeq.put(seq, at);
        }
        if (!at.isEmpty()) {
            conflict(new Conflict(seq, List.of(at.keySet().iterator().next(), hash),
                    "two envelopes with sequence number " + seq));
        }
        at.put(hash, prev);
        all.add(hash);
        held++;
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

    void conflict(Conflict c) {
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
            if (head >= floor) {
                ByteString prev = at.values().iterator().next();
                if (!prev.equals(unique(head).orElseThrow())) {
                    return;
                }
            } else if (next != floor || (floor == 0 && !at.values().iterator().next().equals(ZERO))) {
                return; // the chain starts at the floor: envelope 0 naming no predecessor, or the checkpoint there
            }
            head = next;
        }
    }

    private Optional<ByteString> unique(long seq) {
        Map<ByteString, ByteString> at = bySeq.get(seq);
        return at != null && at.size() == 1 ? Optional.of(at.keySet().iterator().next()) : Optional.empty();
    }

    /**
     * Moves the floor up to {@code seq}, a checkpoint within the whole chain: everything below it is
     * forgotten (its hash commits to it). Nothing moves while the domain equivocates: its envelopes
     * stay, as the evidence an operator resolves.
     */
    void pruneTo(long seq) {
        if (equivocating || seq <= floor || seq > head) {
            return;
        }
        forgetBelow(seq);
    }

    /**
     * Starts the chain again at checkpoint {@code seq} (hash {@code hash}, naming {@code prev}),
     * verified by its domain's signature, where this node cannot have the envelopes before it (the
     * domain pruned them): held envelopes that contradict it are equivocation; those below it are
     * forgotten; those above it are checked against it as they link. Answers whether the chain now
     * starts there.
     */
    boolean anchor(long seq, ByteString hash, ByteString prev) {
        if (equivocating || seq <= head || seq < floor) {
            return false; // within or below the whole chain: an envelope like the others
        }
        Map<ByteString, ByteString> at = bySeq.get(seq);
        if (at != null && !at.containsKey(hash)) {
            conflict(new Conflict(seq, List.of(at.keySet().iterator().next(), hash), "two envelopes with sequence number "
                    + seq));
            return false;
        }
        Optional<ByteString> before = unique(seq - 1);
        if (before.isPresent() && !before.get().equals(prev)) {
            conflict(new Conflict(seq - 1, List.of(before.get(), hash), "checkpoint " + seq + " follows another envelope "
                    + (seq - 1)));
            return false;
        }
        forgetBelow(seq);
        if (at == null) {
            Map<ByteString, ByteString> only = new HashMap<>(2);
            only.put(hash, prev);
            bySeq.put(seq, only);
            all.add(hash);
            held++;
        }
        head = seq;
        highest = Math.max(highest, seq);
        extend();
        return true;
    }

    private void forgetBelow(long seq) {
        NavigableMap<Long, Map<ByteString, ByteString>> below = bySeq.headMap(seq, false);
        below.values().forEach(hashes -> {
            hashes.keySet().forEach(all::remove);
            held -= hashes.size();
        });
        below.clear();
        floor = seq;
    }

    long floor() {
        return floor;
    }

    long head() {
        return head;
    }

    /**
     * The envelope hash at {@code seq} when {@code seq} is within the whole chain, or just below it
     * (the checkpoint at the floor names it): a node that took a checkpoint answers a cut one envelope
     * before it, as a node that has not received the checkpoint yet asks.
     */
    Optional<ByteString> hashAt(long seq) {
        if (seq == floor - 1 && head >= floor) {
            return prevAt(floor);
        }
        return seq >= floor && seq <= head ? unique(seq) : Optional.empty();
    }

    /** The previous hash the envelope held at {@code seq} names, when exactly one is held there. */
    Optional<ByteString> prevAt(long seq) {
        Map<ByteString, ByteString> at = bySeq.get(seq);
        return at != null && at.size() == 1 ? Optional.of(at.values().iterator().next()) : Optional.empty();
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
        if (ranges.size() < limit && highest >= expected) {
            ranges.add(new long[] {expected, highest}); // seen but not held (beyond the bound)
        }
        return ranges;
    }

    /** The set digest of the hashes held (from the floor up). */
    SetAccumulator all() {
        return all;
    }

    /** How many envelope hashes are held: at most the bound given at construction. */
    int held() {
        return held;
    }
}
