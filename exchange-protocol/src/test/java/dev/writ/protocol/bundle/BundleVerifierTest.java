package dev.writ.protocol.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.Fault;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.testing.StoryFixture;
import dev.writ.protocol.testing.Tampering;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProofBundle;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BundleVerifierTest {
    private final StoryFixture story = new StoryFixture();
    private final BundleVerifier verifier = new BundleVerifier(Optional.empty());

    @Test
    void aCompleteAnchoredStoryHolds() {
        BundleVerdict verdict = verifier.verify(story.bundle());
        assertThat(verdict.holds()).as(verdict.toString()).isTrue();
        assertThat(verdict.checks()).extracting(Check::name).contains(
                "bundle.format", "keys.fingerprints", "keys.trusted", "writ.signature", "evidence.records",
                "story.manifest", "story.complete", "story.links", "anchors.signatures", "evidence.inclusion", "anchors.onchain");
    }

    @Test
    void aBundleSurvivesTheJsonRoundTrip() throws Exception {
        ProofBundle again = BundleFiles.decode(BundleFiles.toJson(story.bundle()).getBytes());
        assertThat(again).isEqualTo(story.bundle());
        assertThat(verifier.verify(again).holds()).isTrue();
    }

    @Test
    void aFlippedByteInTheWritBreaksItsSignature() {
        assertThat(verifier.verify(Tampering.flipWritByte(story.bundle())).firstFault()).contains(Fault.BAD_SIGNATURE);
    }

    @Test
    void aRemovedDecisionRecordIsATrimmedStory() {
        BundleVerdict verdict = verifier.verify(Tampering.removeRecord(story.bundle(), EvidenceKind.DECISION));
        assertThat(verdict.firstFault()).contains(Fault.STORY_TRIMMED);
        assertThat(verdict.checks()).extracting(Check::fault).contains(Fault.STORY_INCOMPLETE);
    }

    @Test
    void aRemovedRedemptionRecordIsATrimmedStory() {
        assertThat(verifier.verify(Tampering.removeRecord(story.bundle(), EvidenceKind.REDEMPTION)).firstFault())
                .contains(Fault.STORY_TRIMMED);
    }

    @Test
    void aRedeemedWritTrimmedToLookUnusedIsRefusedOnlyByItsManifest() {
        ProofBundle unused = Tampering.removeRecord(
                Tampering.removeRecord(story.bundle(), EvidenceKind.REDEMPTION), EvidenceKind.OUTCOME);
        BundleVerdict verdict = verifier.verify(unused);
        assertThat(verdict.firstFault()).contains(Fault.STORY_TRIMMED);
        // What remains is a complete, well-linked story of a writ never redeemed: the manifest is all that tells.
        assertThat(verdict.checks()).filteredOn(c -> c.status() == Check.Status.FAIL)
                .extracting(Check::name).containsExactly("story.manifest");
    }

    @Test
    void theApprovalOfAnEscalatedDecisionCannotBeRemoved() {
        ProofBundle escalated = new StoryFixture(SigningKey.generate(), true).bundle();
        assertThat(verifier.verify(escalated).holds()).as(verifier.verify(escalated).toString()).isTrue();
        assertThat(verifier.verify(Tampering.removeRecord(escalated, EvidenceKind.APPROVAL)).firstFault())
                .contains(Fault.STORY_TRIMMED);
    }

    @Test
    void aBundleWithoutItsManifestIsRefused() {
        assertThat(verifier.verify(story.bundle().toBuilder().clearManifest().build()).firstFault())
                .contains(Fault.STORY_TRIMMED);
    }

    @Test
    void aManifestSignedByAnUnknownKeyIsRefused() {
        ProofBundle trimmed = Tampering.removeRecord(
                Tampering.removeRecord(story.bundle(), EvidenceKind.REDEMPTION), EvidenceKind.OUTCOME);
        ProofBundle forged = Tampering.resignManifest(trimmed, SigningKey.generate());
        assertThat(verifier.verify(forged).firstFault()).contains(Fault.UNKNOWN_KEY);
    }

    @Test
    void aRecordListedTwiceIsRefusedEvenWhenTheManifestListsItTwice() {
        ProofBundle twice = Tampering.duplicateRecord(story.bundle(), EvidenceKind.REDEMPTION);
        assertThat(verifier.verify(twice).firstFault()).contains(Fault.DUPLICATE_RECORD);
        // A node's own manifest naming a record twice does not make the duplicate acceptable.
        ProofBundle resigned = Tampering.resignManifest(twice, story.nodeKey());
        assertThat(verifier.verify(resigned).firstFault()).contains(Fault.DUPLICATE_RECORD);
    }

    @Test
    void anUnpinnedOfflineVerdictHoldsButIsNotVerified() {
        BundleVerdict verdict = verifier.verify(story.bundle());
        assertThat(verdict.holds()).isTrue();
        assertThat(verdict.verified()).isFalse();
        assertThat(verdict.skipped()).extracting(Check::name).containsExactly("keys.trusted", "anchors.onchain");
    }

    @Test
    void aWrongInclusionProofIsRefused() {
        assertThat(verifier.verify(Tampering.corruptInclusionProof(story.bundle(), 2)).firstFault())
                .contains(Fault.INCLUSION_PROOF_INVALID);
    }

    @Test
    void aSwappedKeyIsRefused() {
        assertThat(verifier.verify(Tampering.swapKey(story.bundle())).firstFault()).contains(Fault.KEY_MISMATCH);
    }

    @Test
    void eachTamperingIsRefusedForADistinctReason() {
        Set<Fault> reasons = Stream.of(
                        Tampering.flipWritByte(story.bundle()),
                        Tampering.removeRecord(story.bundle(), EvidenceKind.DECISION),
                        Tampering.corruptInclusionProof(story.bundle(), 0),
                        Tampering.swapKey(story.bundle()))
                .map(b -> verifier.verify(b).firstFault().orElseThrow())
                .collect(Collectors.toSet());
        assertThat(reasons).hasSize(4);
    }

    @Test
    void pinnedKeysAcceptTheDomainsOwnKeyAndRefuseAStrangers() {
        KeyRing own = KeyRing.of(StoryFixture.DOMAIN, story.nodeKey().verifyingKey());
        assertThat(new BundleVerifier(Optional.of(own)).verify(story.bundle()).holds()).isTrue();
        // A bundle re-signed end to end by someone else is self-consistent; only pinning exposes it.
        StoryFixture forged = new StoryFixture(SigningKey.generate());
        assertThat(verifier.verify(forged.bundle()).holds()).isTrue();
        assertThat(new BundleVerifier(Optional.of(own)).verify(forged.bundle()).firstFault()).contains(Fault.UNKNOWN_KEY);
    }

    @Test
    void aRecordWithoutInclusionProofIsNotAnchored() {
        ProofBundle bundle = story.bundle();
        ProofBundle unanchored = bundle.toBuilder()
                .setItems(1, bundle.getItems(1).toBuilder().clearInclusion()).build();
        assertThat(verifier.verify(unanchored).firstFault()).contains(Fault.NOT_ANCHORED);
    }

    @Test
    void aBundleOfAnUnknownVersionIsMalformed() {
        assertThat(verifier.verify(story.bundle().toBuilder().setVersion(9).build()).firstFault())
                .contains(Fault.MALFORMED);
    }
}
