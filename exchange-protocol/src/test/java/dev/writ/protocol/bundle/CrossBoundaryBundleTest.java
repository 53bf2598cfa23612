package dev.writ.protocol.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.Fault;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.testing.StoryFixture;
import dev.writ.protocol.testing.Tampering;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProofBundle;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A writ acme issued and globex redeemed, each part checked under its own domain's keys. */
class CrossBoundaryBundleTest {
    private final SigningKey acme = SigningKey.generate();
    private final SigningKey globex = SigningKey.generate();
    private final ProofBundle bundle = StoryFixture.crossBoundary(acme, globex, StoryFixture.PARTNER, StoryFixture.PARTNER)
            .bundle();
    private final BundleVerifier unpinned = new BundleVerifier(Optional.empty());
    private final BundleVerifier pinned = new BundleVerifier(Optional.of(KeyRing.of(List.of(
            new KeyRing.Entry(StoryFixture.DOMAIN, acme.verifyingKey()),
            new KeyRing.Entry(StoryFixture.PARTNER, globex.verifyingKey())))));

    @Test
    void bothPartsHoldEachUnderItsOwnDomainsPinnedKeys() {
        BundleVerdict verdict = pinned.verify(bundle);
        assertThat(verdict.holds()).as(verdict.toString()).isTrue();
        assertThat(verdict.skipped()).extracting(Check::name).containsExactly("anchors.onchain");
        assertThat(verdict.checks()).extracting(Check::name).contains("partner.part", "partner.keys.trusted",
                "partner.evidence.records", "partner.story.manifest", "partner.story.links", "partner.lineage",
                "partner.anchors.signatures",
                "partner.evidence.inclusion");
    }

    @Test
    void thePartnersKeysUnpinnedAreASkipNeverAPass() {
        BundleVerifier acmeOnly = new BundleVerifier(Optional.of(KeyRing.of(StoryFixture.DOMAIN, acme.verifyingKey())));
        BundleVerdict verdict = acmeOnly.verify(bundle);
        assertThat(verdict.holds()).isTrue();
        assertThat(verdict.skipped()).extracting(Check::name).contains("partner.keys.trusted");
        assertThat(verdict.verified()).isFalse();
    }

    @Test
    void thePartnersPartSignedByTheIssuersKeyIsNotTrusted() {
        // acme cannot speak for globex: its key pinned under acme is no key of globex.
        BundleVerifier crossed = new BundleVerifier(Optional.of(KeyRing.of(List.of(
                new KeyRing.Entry(StoryFixture.DOMAIN, acme.verifyingKey()),
                new KeyRing.Entry(StoryFixture.PARTNER, acme.verifyingKey())))));
        assertThat(crossed.verify(bundle).firstFault()).contains(Fault.UNKNOWN_KEY);
    }

    @Test
    void aTamperedPartnerReceiptIsRefused() {
        BundleVerdict verdict = pinned.verify(Tampering.flipPartnerPayloadByte(bundle, EvidenceKind.REDEMPTION));
        assertThat(verdict.firstFault()).contains(Fault.PARTNER_PART_TAMPERED);
        assertThat(verdict.checks()).filteredOn(c -> c.fault() == Fault.PARTNER_PART_TAMPERED)
                .extracting(Check::detail).anyMatch(d -> d.startsWith("PAYLOAD_MISMATCH"));
    }

    @Test
    void aPartnerRedemptionTrimmedAwayIsRefused() {
        BundleVerdict verdict = pinned.verify(Tampering.removePartnerRecord(
                Tampering.removePartnerRecord(bundle, EvidenceKind.OUTCOME), EvidenceKind.REDEMPTION));
        assertThat(verdict.firstFault()).contains(Fault.PARTNER_PART_TAMPERED);
    }

    @Test
    void aDroppedPartnerPartIsRefused() {
        assertThat(pinned.verify(Tampering.dropPartnerPart(bundle)).firstFault()).contains(Fault.PARTNER_PART_DROPPED);
    }

    @Test
    void aPartMarkedMissingHoldsButIsNeverVerified() {
        BundleVerdict verdict = pinned.verify(Tampering.markPartnerPartMissing(bundle, "domain globex did not answer"));
        assertThat(verdict.holds()).isTrue();
        assertThat(verdict.verified()).isFalse();
        assertThat(verdict.skipped()).extracting(Check::detail).anyMatch(d -> d.contains("domain globex did not answer"));
    }

    @Test
    void aRedemptionByADomainTheContractDoesNotNameIsRefused() {
        SigningKey initech = SigningKey.generate();
        ProofBundle elsewhere = StoryFixture.crossBoundary(acme, initech, StoryFixture.PARTNER, "initech").bundle();
        assertThat(unpinned.verify(elsewhere).firstFault()).contains(Fault.REDEEMED_BY_UNNAMED_DOMAIN);
    }

    @Test
    void aRedeemingPartBesideAContractThatNamesTheIssuerIsRefused() {
        ProofBundle single = new StoryFixture(acme).bundle();
        ProofBundle grafted = single.toBuilder().setRedeeming(bundle.getRedeeming()).build();
        assertThat(unpinned.verify(grafted).firstFault()).contains(Fault.REDEEMED_BY_UNNAMED_DOMAIN);
    }

    @Test
    void theIssuersPartMissingLeavesTheRedeemersCheckedAndTheBundleUnverified() {
        ProofBundle held = bundle.toBuilder().clearItems().clearAnchors().clearKeys().clearManifest().clearWrit()
                .addMissing(dev.writ.protocol.wire.MissingPart.newBuilder().setDomain(StoryFixture.DOMAIN)
                        .setReason("domain acme did not answer")).build();
        BundleVerdict verdict = pinned.verify(held);
        assertThat(verdict.holds()).as(verdict.toString()).isTrue();
        assertThat(verdict.verified()).isFalse();
        assertThat(verdict.checks()).extracting(Check::name).contains("issuing.part", "partner.evidence.records");
    }

    @Test
    void aRedemptionWhoseReceiptRecordsNoLineageCheckIsRefused() {
        ProofBundle unchecked = StoryFixture.crossBoundary(acme, globex, StoryFixture.PARTNER, StoryFixture.PARTNER,
                StoryFixture.Lineage.UNCHECKED).bundle();
        BundleVerdict verdict = pinned.verify(unchecked);
        assertThat(verdict.firstFault()).contains(Fault.LINEAGE_CHECK_MISSING);
        assertThat(verdict.checks()).filteredOn(c -> c.status() == Check.Status.FAIL).extracting(Check::name)
                .containsExactly("partner.lineage");
    }

    @Test
    void aLineageCheckOfAnotherRecordThanTheIssuanceIsRefused() {
        ProofBundle elsewhere = StoryFixture.crossBoundary(acme, globex, StoryFixture.PARTNER, StoryFixture.PARTNER,
                StoryFixture.Lineage.OF_ANOTHER_RECORD).bundle();
        assertThat(pinned.verify(elsewhere).firstFault()).contains(Fault.LINEAGE_CHECK_MISMATCH);
    }
}
