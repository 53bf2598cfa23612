package dev.writ.chaos.history;

/** What came of a nemesis's {@code start} or {@code heal}: the completion of each names one. */
public enum FaultOutcome {
    /** {@code start}: the fault is in place. */
    INJECTED,
    /** {@code start}: the nemesis failed to inject the fault, so nothing depends on it being in place. */
    NOT_INJECTED,
    /** {@code heal}: the fault is undone and every node is back. */
    HEALED,
    /** {@code heal}: healing did not complete (a node never came back). */
    HEAL_FAILED;

    /** Whether this outcome completes a nemesis operation {@code f} ({@code start} or {@code heal}). */
    public boolean completes(String f) {
        return switch (this) {
            case INJECTED, NOT_INJECTED -> "start".equals(f);
            case HEALED, HEAL_FAILED -> "heal".equals(f);
        };
    }
}
