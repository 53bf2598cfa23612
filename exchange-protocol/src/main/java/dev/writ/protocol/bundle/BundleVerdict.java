package dev.writ.protocol.bundle;

import dev.writ.protocol.Fault;
import java.util.List;
import java.util.Optional;

/**
 * Every check of one bundle, in the order they ran. The bundle holds if none failed; it is
 * verified only if, besides, none was skipped: a bundle whose keys nobody pinned holds for any
 * key its author made up.
 */
public record BundleVerdict(List<Check> checks) {
    public BundleVerdict {
        checks = List.copyOf(checks);
    }

    public boolean holds() {
        return checks.stream().noneMatch(c -> c.status() == Check.Status.FAIL);
    }

    /** Every check passed: nothing failed and nothing was left unchecked. */
    public boolean verified() {
        return checks.stream().allMatch(c -> c.status() == Check.Status.PASS);
    }

    /** The checks not performed, each with the reason in its detail. */
    public List<Check> skipped() {
        return checks.stream().filter(c -> c.status() == Check.Status.SKIP).toList();
    }

    /** The fault of the first failed check, if any: the short answer to "why not?". */
    public Optional<Fault> firstFault() {
        return checks.stream().filter(c -> c.status() == Check.Status.FAIL).map(Check::fault).findFirst();
    }
}
