package dev.writ.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.ReconciliationSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestCheckerTest {
    private final DigestChecker checker = new DigestChecker();
    private static final Map<String, Long> CUT = Map.of("acme", 40L, "globex", 12L);

    private Verdict check(Map<String, String> digests) {
        return checker.check(new DrillRecord(List.of(), Optional.empty(), Optional.empty(),
                Optional.of(new ReconciliationSnapshot(CUT, digests))));
    }

    @Test
    void equalDigestsHold() {
        Verdict v = check(Map.of("acme-1", "ab12", "acme-2", "ab12", "globex-1", "ab12"));
        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("3 nodes compared");
    }

    @Test
    void aNodeThatDisagreesOrDoesNotReachTheCutIsAViolation() {
        Verdict v = check(Map.of("acme-1", "ab12", "acme-2", "ab12", "globex-1", "cd34"));
        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString().contains("disagree").contains("globex-1 cd34");

        Verdict short_ = check(Map.of("acme-1", "ab12", "globex-1", ""));
        assertThat(short_.counterexamples()).anySatisfy(e -> assertThat(e).contains("globex-1 does not hold"));
    }

    @Test
    void noDigestsIsUnknown() {
        assertThat(checker.check(new DrillRecord(List.of(), Optional.empty())).status()).isEqualTo(Verdict.Status.UNKNOWN);
    }
}
