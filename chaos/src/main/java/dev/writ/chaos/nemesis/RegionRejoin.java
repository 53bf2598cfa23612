package dev.writ.chaos.nemesis;

import dev.writ.fabric.region.RejoinRefusal;
import dev.writ.fabric.region.ReplicatedDatabase;
import dev.writ.fabric.region.StandbyRejoin;

/**
 * The operator's rejoin of a lost primary once its region is back, as the drill's heal does it:
 * {@code writ db rejoin}'s code ({@link StandbyRejoin}, through {@link ReplicatedDatabase#rejoin}),
 * first as the command runs by default. When that refuses because the lost server holds commits
 * past the divergence ({@code REJOIN_WOULD_DISCARD_COMMITS}, what a crash under load usually
 * leaves: a commit written locally and never confirmed by a standby), the rejoin is run again
 * with the operator's {@code --discard-diverged-commits}: under synchronous commit none of them
 * was acknowledged, which the drill's {@code evidence-for-every-ack} then checks. Every other
 * refusal (the server still accepts writes, another cluster, an unrelated timeline, no primary)
 * stands: the heal fails, recorded HEAL_FAILED.
 */
final class RegionRejoin {
    private RegionRejoin() {
    }

    /** Rejoins lost server {@code name} as a synchronous standby of the current primary; says what it did. */
    static String rejoin(ReplicatedDatabase servers, String name) {
        String refused = "";
        StandbyRejoin.Outcome outcome;
        try {
            outcome = servers.rejoin(name, false);
        } catch (RejoinRefusal.Refused e) {
            if (e.refusal() != RejoinRefusal.WOULD_DISCARD_COMMITS) {
                throw e;
            }
            refused = " after the default rejoin refused (" + e.getMessage().lines().findFirst().orElse("") + ")"
                    + " and was run again with --discard-diverged-commits";
            outcome = servers.rejoin(name, true);
        }
        return "the server in " + name + " rejoined as a standby of " + servers.primary() + " by " + outcome.method()
                + " (diverged at " + outcome.divergedAt() + ", " + outcome.discardedCommits()
                + " unacknowledged commit(s) discarded, sync_state " + outcome.syncState() + ")" + refused;
    }
}
