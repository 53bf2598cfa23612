package dev.writ.cli;

import dev.writ.authority.ca.TrustedRoots;

/** A {@link TrustedRoots} refusal as the `domain trust` commands report it: its code, its detail. */
final class RootRefusals {
    private RootRefusals() {
    }

    static CaOutput.Refused of(TrustedRoots.Refused e) {
        return new CaOutput.Refused(e.code(), e.getMessage());
    }
}
