package dev.writ.fabric.region;

import java.util.List;
import java.util.Optional;

/**
 * How far a standby got when its primary was lost: the WAL it received and flushed, and the WAL it
 * replayed. Promotion replays everything received first, so a standby's {@link #reach} is the
 * larger of the two. Pure.
 */
public record StandbyPosition(String name, Optional<Lsn> received, Lsn replayed) {

    public Lsn reach() {
        return received.filter(r -> r.compareTo(replayed) > 0).orElse(replayed);
    }

    /**
     * The standby to promote: the one with the furthest {@link #reach} (it holds every commit any
     * other standby holds, so the others can follow it without a rewind); on a tie the first listed.
     * With quorum commit every acknowledged commit is on at least one standby, so it is on this one.
     */
    public static Optional<StandbyPosition> mostAdvanced(List<StandbyPosition> standbys) {
        return standbys.stream().reduce((best, next) -> next.reach().compareTo(best.reach()) > 0 ? next : best);
    }
}
