package dev.writ.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.EventType;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StalePolicyCheckerTest {
    private final StalePolicyChecker checker = new StalePolicyChecker(Duration.ofMillis(3000));

    @Test
    void aWritMintedUnderAnOlderVersionRedeemedBeyondTheBoundAfterTheChangeIsAViolation() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1", 1)
                .policyChange(100, 5100, EventType.OK, 2, 57)
                .redeem(9000, 9010, "c2", "acme-2", "jti-1", EventType.OK, "redeemed").events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString()
                .contains("writ minted under v1 redeemed 3900 ms after v2 was put in force")
                .contains("executed in block 57").contains("propose p-1 jti=jti-1").contains("redeem jti-1 via acme-2");
    }

    @Test
    void refusedStaleRedemptionsCurrentWritsAndSuccessesWithinTheBoundHold() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1", 1).propose(0, 5, "c1", "p-2", "jti-2", 1)
                .propose(10, 15, "c3", "p-3", "jti-3", 1)
                .policyChange(100, 5100, EventType.OK, 2, 57)
                // in flight while the nodes pick the change up: may still succeed
                .redeem(7000, 7010, "c2", "acme-1", "jti-2", EventType.OK, "redeemed")
                .redeem(9000, 9010, "c2", "acme-2", "jti-1", EventType.FAIL, "POLICY_EPOCH_STALE")
                .propose(9100, 9105, "c0", "p-4", "jti-4", 2)
                .redeem(9200, 9210, "c1", "acme-3", "jti-4", EventType.OK, "redeemed")
                // a change that was not executed raises no minimum
                .policyChange(10_000, 15_000, EventType.INFO, 3, 0)
                .redeem(20_000, 20_010, "c2", "acme-3", "jti-3", EventType.FAIL, "POLICY_EPOCH_STALE")
                .events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("1 policy changes executed (to v2), 2 redemptions of stale writs attempted");
    }

    @Test
    void aSuccessfulRedemptionAfterAChangeOfAWritWithoutARecordedVersionCannotBeJudged() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1")
                .policyChange(100, 5100, EventType.OK, 2, 57)
                .redeem(9000, 9010, "c2", "acme-2", "jti-1", EventType.OK, "redeemed").events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.status()).isEqualTo(Verdict.Status.UNKNOWN);
        assertThat(v.counterexamples()).singleElement().asString().contains("redeem jti-1");
    }
}
