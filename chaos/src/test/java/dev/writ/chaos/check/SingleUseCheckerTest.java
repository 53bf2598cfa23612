package dev.writ.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.EvidenceSnapshot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SingleUseCheckerTest {
    private final SingleUseChecker checker = new SingleUseChecker();

    @Test
    void twoAcknowledgedRedemptionsOfOneWritViaTwoNodesAreAViolationWithBothOperations() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1")
                .redeem(10, 15, "c1", "acme-1", "jti-1", EventType.OK, "redeemed")
                .redeem(11, 16, "c1b", "acme-2", "jti-1", EventType.OK, "redeemed").events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString()
                .contains("jti-1 acknowledged as redeemed 2 times").contains("via acme-1").contains("via acme-2");
    }

    @Test
    void aReplayRefusedAndATimeoutDoNotCountAsRedemptions() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1")
                .redeem(10, 15, "c1", "acme-1", "jti-1", EventType.OK, "redeemed")
                .redeem(11, 16, "c1b", "acme-2", "jti-1", EventType.FAIL, "REPLAYED")
                .redeem(20, 5020, "c2", "acme-3", "jti-1", EventType.INFO, "TIMEOUT").events();

        assertThat(checker.check(new DrillRecord(history, Optional.empty())).held()).isTrue();
    }

    @Test
    void twoRedemptionRecordsInTheEvidenceAreAViolationEvenWhenOnlyOneWasAcknowledged() {
        var history = new Histories().redeem(10, 15, "c1", "acme-1", "jti-7", EventType.OK, "redeemed")
                .redeem(11, 5011, "c2", "acme-2", "jti-7", EventType.INFO, "TIMEOUT").events();
        var evidence = new EvidenceSnapshot("acme", List.of(), List.of(
                new EvidenceSnapshot.Row("acme-1-0", 4, "REDEMPTION", "jti-7", "acme-1", ""),
                new EvidenceSnapshot.Row("acme-2-1", 9, "REDEMPTION", "jti-7", "acme-2", "")));

        Verdict v = checker.check(new DrillRecord(history, Optional.of(evidence)));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString()
                .contains("jti-7 has 2 REDEMPTION records").contains("acme-1-0#4").contains("acme-2-1#9");
    }

    @Test
    void oneRedemptionRecordInEachOfTwoDomainsIsADoubleRedemption() {
        var history = new Histories().redeem(10, 15, "c1", "globex-1", "jti-8", EventType.OK, "redeemed").events();
        var acme = new EvidenceSnapshot("acme", List.of(), List.of(
                new EvidenceSnapshot.Row("acme-1-0", 4, "REDEMPTION", "jti-8", "acme-1", "")));
        var globex = new EvidenceSnapshot("globex", List.of(), List.of(
                new EvidenceSnapshot.Row("globex-1-0", 2, "REDEMPTION", "jti-8", "globex-1", "")));

        Verdict v = checker.check(new DrillRecord(history, Optional.of(acme), List.of(globex), Optional.empty(),
                Optional.empty()));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString()
                .contains("jti-8 has 2 REDEMPTION records").contains("acme-1-0#4").contains("globex-1-0#2 by globex-1");
    }
}
