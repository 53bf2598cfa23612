package dev.writ.chaos;

import dev.writ.chaos.check.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a drill ended: each invariant's verdict and where the report is; or why it did not run.
 *
 * @param unavailable why the scenario could not run on this machine, when it could not
 */
public record DrillResult(Scenario scenario, long seed, List<Verdict> verdicts, Optional<Path> report,
                          Optional<String> unavailable) {
    /** Exit code when the scenario cannot run here (not a verdict on the system). */
    public static final int EXIT_UNAVAILABLE = 3;

    public DrillResult {
        verdicts = List.copyOf(verdicts);
    }

    public boolean passed() {
        return unavailable.isEmpty() && !verdicts.isEmpty() && verdicts.stream().allMatch(Verdict::held);
    }

    /** 0 every invariant held; 1 one failed or could not be checked; 3 the scenario is not available here. */
    public int exitCode() {
        if (unavailable.isPresent()) {
            return EXIT_UNAVAILABLE;
        }
        return passed() ? 0 : 1;
    }
}
