package dev.writ.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultOutcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryCheckerTest {
    private final RecoveryChecker checker = new RecoveryChecker(Duration.ofSeconds(30));

    @Test
    void noSuccessfulRedemptionWithinTheBoundAfterHealingIsAViolation() {
        var history = new Histories().fault(1_000, 10_000)
                .propose(11_000, 11_010, "c0", "p-1", "jti-1")
                .redeem(12_000, 17_000, "c1", "acme-1", "jti-1", EventType.INFO, "TIMEOUT")
                .redeem(45_000, 45_010, "c1", "acme-1", "jti-1", EventType.OK, "redeemed").events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString()
                .contains("no successful redeem within 30 s").contains("the first came 35010 ms after");
    }

    @Test
    void aHistoryEndingWithoutAnyAdmissionAfterHealingIsAViolation() {
        var history = new Histories().fault(1_000, 10_000).events();

        assertThat(checker.check(new DrillRecord(history, Optional.empty())).counterexamples())
                .hasSize(2).first().asString().contains("no successful propose").contains("none came at all");
    }

    @Test
    void aHealThatDidNotBringEveryNodeBackIsAViolationEvenWhenOthersServe() {
        var history = new Histories()
                .fault(1_000, 10_000, FaultOutcome.HEAL_FAILED, "healing did not complete: node acme-2 not HEALTHY within 90 s")
                .propose(10_500, 10_600, "c0", "p-1", "jti-1")
                .redeem(11_000, 11_050, "c1", "acme-3", "jti-1", EventType.OK, "redeemed").events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.counterexamples()).singleElement().asString().contains("the fabric did not come back")
                .contains("acme-2 not HEALTHY");
    }

    @Test
    void admissionAndRedemptionSoonAfterHealingHold() {
        var history = new Histories().fault(1_000, 10_000)
                .propose(10_500, 10_600, "c0", "p-1", "jti-1")
                .redeem(11_000, 11_050, "c1", "acme-2", "jti-1", EventType.OK, "redeemed").events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("1 heals").contains("propose 600 ms").contains("redeem 1050 ms");
    }
}
