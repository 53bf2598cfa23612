package dev.writ.cli;

import dev.writ.protocol.bundle.BundleFiles;
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
 * refused for. {@code main} writes them (as committed under examples/bundles/); tests write them
 * afresh and run the real launcher jar on them.
 */
public final class ExampleBundles {
    /** File name to expected first fault ("" = the bundle holds). */
    static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("valid.json", "");
        EXPECTED.put("flipped-writ-byte.json", "BAD_SIGNATURE");
        EXPECTED.put("removed-decision.json", "STORY_INCOMPLETE");
        EXPECTED.put("wrong-inclusion-proof.json", "INCLUSION_PROOF_INVALID");
        EXPECTED.put("swapped-key.json", "KEY_MISMATCH");
    }

    private ExampleBundles() {
    }

    static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ProofBundle valid = new StoryFixture().bundle();
        BundleFiles.writeJson(valid, dir.resolve("valid.json"));
        BundleFiles.writeJson(Tampering.flipWritByte(valid), dir.resolve("flipped-writ-byte.json"));
        BundleFiles.writeJson(Tampering.removeRecord(valid, EvidenceKind.DECISION), dir.resolve("removed-decision.json"));
        BundleFiles.writeJson(Tampering.corruptInclusionProof(valid, 2), dir.resolve("wrong-inclusion-proof.json"));
        BundleFiles.writeJson(Tampering.swapKey(valid), dir.resolve("swapped-key.json"));
    }

    /** Regenerates examples/bundles: {@code mvn -pl cli exec:java ...} is not needed; run from an IDE or jshell. */
    public static void main(String[] args) throws IOException {
        write(Path.of(args.length > 0 ? args[0] : "examples/bundles"));
    }
}
