package dev.writ.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.EvidenceSnapshot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvidencePresenceCheckerTest {
    private final EvidencePresenceChecker checker = new EvidencePresenceChecker();

    private static EvidenceSnapshot.Row row(String kind, String subject) {
        return new EvidenceSnapshot.Row("acme-1-0", 0, kind, subject, "acme-1", "");
    }

    @Test
    void anAcknowledgedRedemptionWithoutItsRecordIsAViolationNamingTheOperation() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1")
                .redeem(10, 15, "c1", "acme-2", "jti-1", EventType.OK, "redeemed").events();
        var evidence = new EvidenceSnapshot("acme", List.of(), List.of(row("DECISION", "p-1"), row("ISSUANCE", "jti-1")));

        Verdict v = checker.check(new DrillRecord(history, Optional.of(evidence)));

        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).singleElement().asString()
                .contains("no REDEMPTION record for jti-1").contains("redeem jti-1 via acme-2");
    }

    @Test
    void anAdmittedProposalWithoutItsIssuanceRecordIsAViolation() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1").events();
        var evidence = new EvidenceSnapshot("acme", List.of(), List.of(row("DECISION", "p-1")));

        assertThat(checker.check(new DrillRecord(history, Optional.of(evidence))).counterexamples())
                .singleElement().asString().contains("no ISSUANCE record for jti-1");
    }

    @Test
    void everyAcknowledgmentWithItsRecordHoldsAndMissingEvidenceIsUnknown() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1").revoke(10, 20, "c1", "jti-1")
                .redeem(30, 35, "c2", "acme-1", "jti-1", EventType.FAIL, "REVOKED").events();
        var evidence = new EvidenceSnapshot("acme", List.of(), List.of(row("DECISION", "p-1"), row("ISSUANCE", "jti-1"),
                row("REVOCATION", "jti-1")));

        assertThat(checker.check(new DrillRecord(history, Optional.of(evidence))).held()).isTrue();
        assertThat(checker.check(new DrillRecord(history, Optional.empty())).status()).isEqualTo(Verdict.Status.UNKNOWN);
    }

    @Test
    void aPartnerDomainsAcknowledgmentIsJudgedAgainstThePartnersOwnStore() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1")
                .redeem(10, 15, "c1", "globex-1", "jti-1", EventType.OK, "redeemed").events();
        var acme = new EvidenceSnapshot("acme", List.of(), List.of(row("DECISION", "p-1"), row("ISSUANCE", "jti-1")));
        // the redemption's record in acme's store does not count: globex acknowledged it
        var acmeWithRedemption = new EvidenceSnapshot("acme", List.of(), List.of(row("DECISION", "p-1"),
                row("ISSUANCE", "jti-1"), row("REDEMPTION", "jti-1")));
        var globexWithout = new EvidenceSnapshot("globex", List.of(), List.of());
        var globexWith = new EvidenceSnapshot("globex", List.of(), List.of(
                new EvidenceSnapshot.Row("globex-1-0", 0, "REDEMPTION", "jti-1", "globex-1", "")));

        Verdict missing = checker.check(new DrillRecord(history, Optional.of(acmeWithRedemption), List.of(globexWithout),
                Optional.empty(), Optional.empty()));
        assertThat(missing.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(missing.counterexamples()).singleElement().asString()
                .contains("no REDEMPTION record for jti-1 in globex's evidence").contains("redeem jti-1 via globex-1");

        Verdict held = checker.check(new DrillRecord(history, Optional.of(acme), List.of(globexWith), Optional.empty(),
                Optional.empty()));
        assertThat(held.held()).isTrue();
        assertThat(held.summary()).contains("1 acknowledged client operations of domain acme")
                .contains("1 acknowledged client operations of domain globex");
    }

    @Test
    void aPartnerDomainsAcknowledgmentWithoutItsStoreReadIsUnknown() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1")
                .redeem(10, 15, "c1", "globex-1", "jti-1", EventType.OK, "redeemed").events();
        var evidence = new EvidenceSnapshot("acme", List.of(), List.of(row("DECISION", "p-1"), row("ISSUANCE", "jti-1")));

        Verdict v = checker.check(new DrillRecord(history, Optional.of(evidence)));

        assertThat(v.status()).isEqualTo(Verdict.Status.UNKNOWN);
        assertThat(v.summary()).contains("whose evidence was not read: {globex=1}");
    }
}
