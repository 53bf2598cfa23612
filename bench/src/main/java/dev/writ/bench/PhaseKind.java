package dev.writ.bench;

import java.util.Locale;

/**
 * What one open-loop phase sends. {@link #ACTION}: propose, then redeem the writ at the node that
 * answered (the phase the bench always had). {@link #ADMISSION}: proposals only. {@link #REDEMPTION}:
 * redemptions only, of writs minted by an unmeasured admission pass just before, each sent to a
 * node chosen round-robin whatever node minted it (a PEP does not know).
 */
public enum PhaseKind {
    ACTION("action", "propose + redeem"),
    ADMISSION("admission", "admission only"),
    REDEMPTION("redemption", "redemption only");

    private final String option;
    private final String title;

    PhaseKind(String option, String title) {
        this.option = option;
        this.title = title;
    }

    /** The name in {@code --phases}. */
    public String option() {
        return option;
    }

    public String title() {
        return title;
    }

    public static PhaseKind parse(String option) {
        for (PhaseKind k : values()) {
            if (k.option.equals(option.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("--phases are action, admission and redemption, got '" + option + "'");
    }
}
