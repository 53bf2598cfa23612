package dev.writ.cli;

import dev.writ.protocol.bundle.BundleVerdict;
import dev.writ.protocol.bundle.Check;
import java.nio.file.Path;

/** A verdict for people: one line per check, then the answer. */
final class VerdictText {
    private VerdictText() {
    }

    static String of(Path file, BundleVerdict verdict) {
        StringBuilder out = new StringBuilder("verify ").append(file).append('\n');
        for (Check check : verdict.checks()) {
            out.append(String.format("  %-4s %-20s %s%s%n", check.status(), check.name(),
                    check.fault() == null ? "" : check.fault() + ": ", check.detail()));
        }
        long skipped = verdict.checks().stream().filter(c -> c.status() == Check.Status.SKIP).count();
        out.append(verdict.holds()
                ? "VERIFIED: every check holds" + (skipped > 0 ? " (" + skipped + " not performed, see SKIP)" : "")
                : "REFUSED: " + verdict.firstFault().map(Enum::name).orElse("?"));
        return out.toString();
    }
}
