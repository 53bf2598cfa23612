package dev.writ.cli;

import dev.writ.protocol.bundle.BundleFiles;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.testing.StoryFixture;
import dev.writ.protocol.testing.Tampering;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProofBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The example bundles: one valid story and its tampered variants, with the fault each must be
 * refused for, and the JWK Set of the key that signed them ({@value #KEYS}, to pin with
 * --trusted-keys); then a cross-boundary story (acme issues, globex redeems, {@value #PARTNER_KEYS}
 * to pin with --partner-keys), one with globex's part marked missing, and its tampered variants. {@code main} writes them (as committed under examples/bundles/); tests write
 * them afresh and run the real launcher jar on them.
 */
public final class ExampleBundles {
    /** File name to expected first fault ("" = the bundle holds). */
    static final Map<String, String> EXPECTED = new LinkedHashMap<>();
    static final String KEYS = "acme.jwks.json";
    /** The redeeming domain's keys of the cross-boundary examples, to pin with --partner-keys. */
    static final String PARTNER_KEYS = "globex.jwks.json";

    static {
        EXPECTED.put("valid.json", "");
        EXPECTED.put("flipped-writ-byte.json", "BAD_SIGNATURE");
        EXPECTED.put("removed-decision.json", "STORY_TRIMMED");
        EXPECTED.put("removed-redemption.json", "STORY_TRIMMED");
        EXPECTED.put("duplicated-record.json", "DUPLICATE_RECORD");
        EXPECTED.put("wrong-inclusion-proof.json", "INCLUSION_PROOF_INVALID");
        EXPECTED.put("swapped-key.json", "KEY_MISMATCH");
        EXPECTED.put("cross-boundary-valid.json", "");
        EXPECTED.put("cross-boundary-partner-missing.json", "");
        EXPECTED.put("cross-boundary-tampered-receipt.json", "PARTNER_PART_TAMPERED");
        EXPECTED.put("cross-boundary-removed-redemption.json", "PARTNER_PART_TAMPERED");
        EXPECTED.put("cross-boundary-dropped-part.json", "PARTNER_PART_DROPPED");
        EXPECTED.put("cross-boundary-unnamed-domain.json", "REDEEMED_BY_UNNAMED_DOMAIN");
        EXPECTED.put("cross-boundary-lineage-unchecked.json", "LINEAGE_CHECK_MISSING");
        EXPECTED.put("cross-boundary-lineage-of-another-record.json", "LINEAGE_CHECK_MISMATCH");
    }

    private ExampleBundles() {
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StoryFixture story = new StoryFixture();
        ProofBundle valid = story.bundle();
        Files.writeString(dir.resolve(KEYS), "{\"keys\":[" + KeyEncoding.toJwk(story.nodeKey().verifyingKey()).toJSONString() + "]}\n");
        BundleFiles.writeJson(valid, dir.resolve("valid.json"));
        BundleFiles.writeJson(Tampering.flipWritByte(valid), dir.resolve("flipped-writ-byte.json"));
        BundleFiles.writeJson(Tampering.removeRecord(valid, EvidenceKind.DECISION), dir.resolve("removed-decision.json"));
        // Redeemed, trimmed to look unused: what remains is a complete story, refused only by its manifest.
        BundleFiles.writeJson(Tampering.removeRecord(Tampering.removeRecord(valid, EvidenceKind.REDEMPTION), EvidenceKind.OUTCOME),
                dir.resolve("removed-redemption.json"));
        BundleFiles.writeJson(Tampering.duplicateRecord(valid, EvidenceKind.REDEMPTION), dir.resolve("duplicated-record.json"));
        BundleFiles.writeJson(Tampering.corruptInclusionProof(valid, 2), dir.resolve("wrong-inclusion-proof.json"));
        BundleFiles.writeJson(Tampering.swapKey(valid), dir.resolve("swapped-key.json"));

        // acme issues with the same key, globex redeems: each part under its own domain's key.
        SigningKey globex = SigningKey.generate();
        ProofBundle cross = StoryFixture.crossBoundary(story.nodeKey(), globex, StoryFixture.PARTNER, StoryFixture.PARTNER)
                .bundle();
        Files.writeString(dir.resolve(PARTNER_KEYS), "{\"keys\":[" + KeyEncoding.toJwk(globex.verifyingKey()).toJSONString() + "]}\n");
        BundleFiles.writeJson(cross, dir.resolve("cross-boundary-valid.json"));
        BundleFiles.writeJson(Tampering.markPartnerPartMissing(cross, "domain globex did not answer within 5000 ms"),
                dir.resolve("cross-boundary-partner-missing.json"));
        BundleFiles.writeJson(Tampering.flipPartnerPayloadByte(cross, EvidenceKind.REDEMPTION),
                dir.resolve("cross-boundary-tampered-receipt.json"));
        BundleFiles.writeJson(Tampering.removePartnerRecord(Tampering.removePartnerRecord(cross, EvidenceKind.OUTCOME),
                EvidenceKind.REDEMPTION), dir.resolve("cross-boundary-removed-redemption.json"));
        BundleFiles.writeJson(Tampering.dropPartnerPart(cross), dir.resolve("cross-boundary-dropped-part.json"));
        // Redeemed by initech, with initech's own valid signatures, where the contract names globex.
        BundleFiles.writeJson(StoryFixture.crossBoundary(story.nodeKey(), SigningKey.generate(), StoryFixture.PARTNER,
                "initech").bundle(), dir.resolve("cross-boundary-unnamed-domain.json"));
        // Signed by globex's own key, but its receipt records no lineage check, or one of another acme record.
        BundleFiles.writeJson(StoryFixture.crossBoundary(story.nodeKey(), globex, StoryFixture.PARTNER, StoryFixture.PARTNER,
                StoryFixture.Lineage.UNCHECKED).bundle(), dir.resolve("cross-boundary-lineage-unchecked.json"));
        BundleFiles.writeJson(StoryFixture.crossBoundary(story.nodeKey(), globex, StoryFixture.PARTNER, StoryFixture.PARTNER,
                StoryFixture.Lineage.OF_ANOTHER_RECORD).bundle(), dir.resolve("cross-boundary-lineage-of-another-record.json"));
    }

    /** Regenerates examples/bundles: {@code mvn -pl cli exec:java ...} is not needed; run from an IDE or jshell. */
    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "examples/bundles"));
    }
}
