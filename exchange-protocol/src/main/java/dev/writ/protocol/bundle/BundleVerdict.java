package dev.writ.protocol.bundle;

import dev.writ.protocol.Fault;
import java.util.List;
import java.util.Optional;

/** Every check of one bundle, in the order they ran. The bundle holds only if none failed. */
public record BundleVerdict(List<Check> checks) {
    public BundleVerdict {
        checks = List.copyOf(checks);
    }

    public boolean holds() {
        return checks.stream().noneMatch(c -> c.status() == Check.Status.FAIL);
    }

    /** The fault of the first failed check, if any: the short answer to "why not?". */
    public Optional<Fault> firstFault() {
        return checks.stream().filter(c -> c.status() == Check.Status.FAIL).map(Check::fault).findFirst();
    }
}
