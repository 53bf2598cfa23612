package dev.writ.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.EventType;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevocationCheckerTest {
    private final RevocationChecker checker = new RevocationChecker(Duration.ofMillis(1000), Duration.ofMillis(4000));

    @Test
    void aRedemptionInvokedAfterTheRevocationWasAcknowledgedAndBeyondTheBoundIsAViolation() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1")
                .revoke(100, 200, "c1", "jti-1")
                .redeem(1500, 1510, "c2", "acme-2", "jti-1", EventType.OK, "redeemed").events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString()
                .contains("redeemed 1300 ms after its revocation was acknowledged").contains("revoke jti-1")
                .contains("redeem jti-1 via acme-2");
    }

    @Test
    void aRefusedRedemptionAfterRevocationAndASuccessWithinTheInFlightBoundHold() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1").propose(0, 5, "c3", "p-2", "jti-2")
                .revoke(100, 200, "c1", "jti-1")
                .redeem(1500, 1510, "c2", "acme-2", "jti-1", EventType.FAIL, "REVOKED")
                .revoke(2000, 2100, "c1", "jti-2")
                .redeem(2500, 2600, "c2", "acme-1", "jti-2", EventType.OK, "redeemed").events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("2 acknowledged revocations, 1 redemptions attempted after them");
    }

    @Test
    void aPartnerDomainGetsTheBeaconBoundButNotMore() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1").propose(0, 5, "c0", "p-2", "jti-2")
                .revoke(100, 200, "c1", "jti-1").revoke(100, 200, "c1", "jti-2")
                .redeem(2000, 2010, "c2", "globex-1", "jti-1", EventType.OK, "redeemed")
                .redeem(4500, 4510, "c2", "globex-1", "jti-2", EventType.OK, "redeemed").events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString().contains("redeemed 4300 ms").contains("jti-2");
    }
}
