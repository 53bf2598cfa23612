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
    void aPartnerDomainsAcknowledgmentIsJudgedByItsOwnStoreNotThisOne() {
        var history = new Histories().propose(0, 5, "c0", "p-1", "jti-1")
                .redeem(10, 15, "c1", "globex-1", "jti-1", EventType.OK, "redeemed").events();
        var evidence = new EvidenceSnapshot("acme", List.of(), List.of(row("DECISION", "p-1"), row("ISSUANCE", "jti-1")));

        Verdict v = checker.check(new DrillRecord(history, Optional.of(evidence)));

        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("1 acknowledged by another domain's nodes, not judged here");
    }
}
