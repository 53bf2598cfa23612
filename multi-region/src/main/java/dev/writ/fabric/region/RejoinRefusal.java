package dev.writ.fabric.region;

/**
 * Why a lost primary was not rejoined as a standby; nothing was changed on either server. The
 * codes are stable: operators and scripts grep for them.
 */
public enum RejoinRefusal {
    /** The new primary does not answer: there is nothing to follow. */
    PRIMARY_UNREACHABLE,
    /** The server named as the new primary is itself a standby (in recovery). */
    PRIMARY_IN_RECOVERY,
    /** The server to rejoin runs and accepts writes: stop (fence) it first, there are never two primaries. */
    TARGET_IS_PRIMARY,
    /** The two data directories come from different {@code initdb}s. */
    OTHER_CLUSTER,
    /** The server to rejoin is on a timeline the new primary's history does not contain (newer, or foreign). */
    UNRELATED_TIMELINE,
    /** The server to rejoin holds commits past the point where the two diverged: rejoining would discard them. */
    WOULD_DISCARD_COMMITS;

    /** The stable code, {@code REJOIN_<name>}. */
    public String code() {
        return "REJOIN_" + name();
    }

    /** The refusal as an exception carrying its code and what the operator should know. */
    public Refused refuse(String detail) {
        return new Refused(this, detail);
    }

    /** A rejoin refused before it changed anything. */
    public static final class Refused extends dev.writ.fabric.FabricException {
        private final RejoinRefusal refusal;

        Refused(RejoinRefusal refusal, String detail) {
            super(refusal.code() + ": " + detail);
            this.refusal = refusal;
        }

        public RejoinRefusal refusal() {
            return refusal;
        }
    }
}
