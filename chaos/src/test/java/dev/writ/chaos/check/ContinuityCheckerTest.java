package dev.writ.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultOutcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContinuityCheckerTest {
    private final ContinuityChecker checker = new ContinuityChecker(Duration.ofMillis(4000));

    @Test
    void anAllowOrARedemptionDependingOnTheHiddenDomainAfterTheBoundIsAViolation() {
        var history = new Histories().domainPartition(1000, 20_000)
                .invoke(6000, "c0", "propose", "acme-1", "p-1", "globex")
                .at(6010, "c0", EventType.OK, "propose", "acme-1", "p-1", "jti-1", "ALLOW")
                .invoke(7000, "c1", "redeem", "globex-1", "jti-0", "acme")
                .at(7010, "c1", EventType.OK, "redeem", "globex-1", "jti-0", null, "redeemed")
                .events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).hasSize(2);
        assertThat(v.counterexamples().get(0)).contains("propose that depends on globex succeeded 5000 ms after")
                .contains("domain partition");
        assertThat(v.counterexamples().get(1)).contains("redeem that depends on acme");
    }

    @Test
    void refusalsInsideTheWindowAndAllowsBeforeTheBoundOrAfterTheHealHold() {
        var history = new Histories().domainPartition(1000, 20_000)
                .invoke(2000, "c0", "propose", "acme-1", "p-1", "globex")
                .at(2010, "c0", EventType.OK, "propose", "acme-1", "p-1", "jti-1", "ALLOW")
                .invoke(6000, "c0", "propose", "acme-1", "p-2", "globex")
                .at(6010, "c0", EventType.FAIL, "propose", "acme-1", "p-2", null, "EPOCH_STALE")
                .at(6100, "c2", EventType.INVOKE, "propose", "acme-2", "p-3", null, null)
                .at(6110, "c2", EventType.OK, "propose", "acme-2", "p-3", "jti-3", "ALLOW")
                .invoke(7000, "c1", "redeem", "globex-1", "jti-1", "acme")
                .at(7010, "c1", EventType.FAIL, "redeem", "globex-1", "jti-1", null, "EPOCH_STALE")
                .invoke(21_000, "c0", "propose", "acme-1", "p-4", "globex")
                .at(21_010, "c0", EventType.OK, "propose", "acme-1", "p-4", "jti-4", "ALLOW")
                .events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("1 domain partition(s), 2 operations depending on a hidden domain");
    }

    @Test
    void aDomainPartitionThatCouldNotBeInjectedHidesNothing() {
        var history = new Histories().domainPartition(1000, 20_000, FaultOutcome.NOT_INJECTED)
                .invoke(6000, "c0", "propose", "acme-1", "p-1", "globex")
                .at(6010, "c0", EventType.OK, "propose", "acme-1", "p-1", "jti-1", "ALLOW")
                .events();

        Verdict v = checker.check(new DrillRecord(history, Optional.empty()));

        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("no domain was cut off");
    }

    @Test
    void aDrillWithoutDomainPartitionsSaysSo() {
        Verdict v = checker.check(new DrillRecord(new Histories().fault(0, 1000).events(), Optional.empty()));
        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("no domain was cut off");
    }
}
