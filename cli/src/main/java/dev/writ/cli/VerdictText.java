package dev.writ.cli;

import dev.writ.protocol.bundle.BundleVerdict;
import dev.writ.protocol.bundle.Check;
import java.nio.file.Path;

/** A verdict for people: one line per check, then the answer, which never says VERIFIED when a check was skipped. */
final class VerdictText {
    private VerdictText() {
    }

    static String of(Path file, BundleVerdict verdict, boolean allowPartial) {
        StringBuilder out = new StringBuilder("verify ").append(file).append('\n');
        for (Check check : verdict.checks()) {
            out.append(String.format("  %-4s %-20s %s%s%n", check.status(), check.name(),
                    check.fault() == null ? "" : check.fault() + ": ", check.detail()));
        }
        String notChecked = String.join(", ", verdict.skipped().stream().map(Check::name).toList());
        if (!verdict.holds()) {
            out.append("REFUSED: ").append(verdict.firstFault().map(Enum::name).orElse("?"));
        } else if (verdict.verified()) {
            out.append("VERIFIED: every check performed and holds");
        } else if (allowPartial) {
            out.append("ACCEPTED WITH --allow-partial, NOT VERIFIED: what was checked holds; not checked: ").append(notChecked);
        } else {
            out.append("NOT VERIFIED: consistent, but not checked: ").append(notChecked)
                    .append(" (pin the domain's keys with --trusted-keys; compare with the chain using --rpc and --evidence-anchor)");
        }
        return out.toString();
    }
}
