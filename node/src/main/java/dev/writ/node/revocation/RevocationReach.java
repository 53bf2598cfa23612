package dev.writ.node.revocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How long each revocation this node took needed to reach every node of its domain: per epoch, when
 * the ledger took it and when the last node's view confirmed holding it, as the revoking node
 * heard the confirmations ({@code POST /v1/revocations} waits for them), or how many confirmed
 * when not all did within {@code writ.revocation.propagation-timeout}. Memory only and bounded
 * ({@link #CAPACITY} epochs, the oldest recorded dropped first): an operator's view, not evidence;
 * the REVOCATION record is the evidence. Other nodes' epochs are not here: each node knows only
 * the revocations it took since it started.
 */
public final class RevocationReach {
    /** Epochs remembered at most; far beyond what the console lists (writ.console.feed-size, 100 by default). */
    public static final int CAPACITY = 1024;

    /**
     * One epoch taken here.
     *
     * @param reachedAllAtMillis when the last of {@code nodes} views confirmed it; empty when only
     *                           {@code confirmed} of them did within the timeout
     */
    public record Reach(long epoch, long takenAtMillis, OptionalLong reachedAllAtMillis, int confirmed, int nodes) {
        /** How long it took to reach every node, when it did. */
        public OptionalLong tookMillis() {
            return reachedAllAtMillis.isPresent()
                    ? OptionalLong.of(Math.max(0, reachedAllAtMillis.getAsLong() - takenAtMillis)) : OptionalLong.empty();
        }

        /**
         * The reach of {@code epoch} from each view's confirmation time (empty: that view did not
         * confirm in time). With no view at all, it reached no node.
         */
        public static Reach of(long epoch, long takenAtMillis, List<OptionalLong> confirmations) {
            int confirmed = (int) confirmations.stream().filter(OptionalLong::isPresent).count();
            OptionalLong last = confirmed == confirmations.size() && confirmed > 0
                    ? confirmations.stream().mapToLong(OptionalLong::getAsLong).max() : OptionalLong.empty();
            return new Reach(epoch, takenAtMillis, last, confirmed, confirmations.size());
        }
    }

    private final int capacity;
    private final LinkedHashMap<Long, Reach> byEpoch = new LinkedHashMap<>();

    public RevocationReach() {
        this(CAPACITY);
    }

    RevocationReach(int capacity) {
        this.capacity = capacity;
    }

    /** Records {@code reach}; a retried revocation's later answer replaces the epoch's earlier one. */
    public synchronized void record(Reach reach) {
        byEpoch.remove(reach.epoch());
        byEpoch.put(reach.epoch(), reach);
        while (byEpoch.size() > capacity) {
            byEpoch.remove(byEpoch.keySet().iterator().next());
        }
    }

    /** The reach of {@code epoch} when this node took it (and still remembers it). */
    public synchronized Optional<Reach> of(long epoch) {
        return Optional.ofNullable(byEpoch.get(epoch));
    }
}
