package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.Fault;
import dev.writ.protocol.bundle.BundleFiles;
import dev.writ.protocol.bundle.Check;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.SignedAnchorBatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new Run(cli.execute(args), out.toString());
    }

    @Test
    void theCommittedExamplesGiveTheirDocumentedVerdicts() {
        Path examples = Path.of("..", "examples", "bundles");
        String keys = examples.resolve(ExampleBundles.KEYS).toString();
        String partnerKeys = examples.resolve(ExampleBundles.PARTNER_KEYS).toString();
        for (Map.Entry<String, String> example : ExampleBundles.EXPECTED.entrySet()) {
            Run run = run("verify", "--trusted-keys", keys, "--partner-keys", partnerKeys, "--allow-partial",
                    examples.resolve(example.getKey()).toString());
            if (example.getValue().isEmpty()) {
                assertThat(run.exit()).as(run.out()).isZero();
                assertThat(run.out()).contains("ACCEPTED WITH --allow-partial, NOT VERIFIED", "not checked: ")
                        .containsPattern("not checked: .*anchors\\.onchain");
            } else {
                assertThat(run.exit()).as(run.out()).isEqualTo(1);
                assertThat(run.out()).contains("REFUSED: " + example.getValue());
            }
        }
    }

    @Test
    void aBundleCheckedOnlyAgainstItsOwnKeysIsNotVerified() throws Exception {
        ExampleBundles.write(dir);
        Run run = run("verify", dir.resolve("valid.json").toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(3);
        assertThat(run.out()).contains("SKIP keys.trusted", "NOT VERIFIED", "not checked: keys.trusted, anchors.onchain")
                .doesNotContain("\nVERIFIED");
        // The same bundle re-signed end to end by a stranger gets exactly the same answer: that is why it is not 0.
        ExampleBundles.write(dir.resolve("stranger"));
        assertThat(run("verify", dir.resolve("stranger").resolve("valid.json").toString()).exit()).isEqualTo(3);
    }

    @Test
    void pinnedKeysStillLeaveTheChainUnchecked() throws Exception {
        ExampleBundles.write(dir);
        Run run = run("verify", "--trusted-keys", dir.resolve(ExampleBundles.KEYS).toString(), dir.resolve("valid.json").toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(3);
        assertThat(run.out()).contains("PASS keys.trusted", "PASS story.manifest", "not checked: anchors.onchain");
    }

    @Test
    void allowPartialExitsZeroAndNamesWhatWasNotChecked() throws Exception {
        ExampleBundles.write(dir);
        Run run = run("verify", "--allow-partial", dir.resolve("valid.json").toString());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("NOT VERIFIED", "not checked: keys.trusted, anchors.onchain");
    }

    @Test
    void aTrimmedStoryIsRefusedEvenWithAllowPartial() throws Exception {
        ExampleBundles.write(dir);
        Run run = run("verify", "--allow-partial", dir.resolve("removed-redemption.json").toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL story.manifest", "STORY_TRIMMED", "REFUSED: STORY_TRIMMED");
        Run twice = run("verify", "--allow-partial", dir.resolve("duplicated-record.json").toString());
        assertThat(twice.exit()).as(twice.out()).isEqualTo(1);
        assertThat(twice.out()).contains("REFUSED: DUPLICATE_RECORD");
    }

    @Test
    void rootsFoundAtTheContractTheBundleNamesAreNotAPassUntilTheContractIsPinned() {
        Check onChain = new Check("anchors.onchain", Check.Status.PASS, null, "batch(es) 0 held on chain");
        assertThat(VerifyCommand.pinnedOrSkipped(onChain, false).status()).isEqualTo(Check.Status.SKIP);
        assertThat(VerifyCommand.pinnedOrSkipped(onChain, false).detail()).contains("--evidence-anchor");
        assertThat(VerifyCommand.pinnedOrSkipped(onChain, true)).isEqualTo(onChain);
        Check failed = new Check("anchors.onchain", Check.Status.FAIL, Fault.ANCHOR_INVALID, "another root");
        assertThat(VerifyCommand.pinnedOrSkipped(failed, false)).isEqualTo(failed);
    }

    @Test
    void jsonOutputCarriesTheVerdictAndEveryCheck() throws Exception {
        ExampleBundles.write(dir);
        Run run = run("verify", "--json", dir.resolve("swapped-key.json").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("\"verified\":false", "\"fault\":\"KEY_MISMATCH\"", "\"name\":\"keys.fingerprints\"");
        Run unpinned = run("verify", "--json", dir.resolve("valid.json").toString());
        assertThat(unpinned.exit()).isEqualTo(3);
        assertThat(unpinned.out()).contains("\"verified\":false", "\"holds\":true",
                "\"skipped\":[\"keys.trusted\",\"anchors.onchain\"]");
    }

    @Test
    void aMissingOrGarbageFileIsUnreadableNotACrash() throws Exception {
        assertThat(run("verify", dir.resolve("absent.json").toString()).exit()).isEqualTo(2);
        Path garbage = dir.resolve("garbage.bin");
        Files.write(garbage, new byte[] {(byte) 0xff, 0x13, 0x37});
        Run run = run("verify", garbage.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("MALFORMED");
        Path badJson = dir.resolve("bad.json");
        Files.writeString(badJson, "{\"version\": \"one\", \"surprise\": 1}");
        assertThat(run("verify", badJson.toString()).out()).contains("MALFORMED");
    }

    @Test
    void pinnedKeysOfAnotherDomainRefuseTheBundle() throws Exception {
        ExampleBundles.write(dir);
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, "{\"keys\":[" + dev.writ.protocol.crypto.KeyEncoding.toJwk(
                dev.writ.protocol.crypto.SigningKey.generate().verifyingKey()).toJSONString() + "]}");
        Run run = run("verify", "--trusted-keys", jwks.toString(), dir.resolve("valid.json").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("UNKNOWN_KEY");
    }

    @Test
    void aSymmetricKeyAmongThePinnedKeysIsAKeyMismatchNotACrash() throws Exception {
        ExampleBundles.write(dir);
        Path jwks = dir.resolve("oct.jwks.json");
        Files.writeString(jwks, "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\"}]}");
        Run run = run("verify", "--trusted-keys", jwks.toString(), dir.resolve("valid.json").toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).contains("KEY_MISMATCH").doesNotContain("Exception");
    }

    @Test
    void textAfterTheBundleObjectIsUnreadable() throws Exception {
        ExampleBundles.write(dir);
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, Files.readString(dir.resolve("valid.json")) + "{\"more\": 1}\n");
        Run run = run("verify", junk.toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(2);
        assertThat(run.out()).contains("MALFORMED").contains("after the bundle");
    }

    @Test
    void aBatchNumberBeyondALongIsAskedOfTheChainNotACrash() throws Exception {
        ExampleBundles.write(dir);
        ProofBundle valid = BundleFiles.read(dir.resolve("valid.json"));
        SignedAnchorBatch signed = valid.getAnchors(0);
        AnchorBatch beyond = AnchorBatch.parseFrom(signed.getBatch()).toBuilder().setBatchSeq(Long.MIN_VALUE).build();
        Path file = dir.resolve("batch-beyond-a-long.json");
        BundleFiles.writeJson(valid.toBuilder().setAnchors(0, signed.toBuilder().clearAnchor()
                .setBatch(beyond.toByteString())).build(), file);
        Run run = run("verify", "--json", "--rpc", "http://127.0.0.1:9", "--evidence-anchor",
                "0x5FbDB2315678afecb367f032d93F642f64180aa3", file.toString());
        assertThat(run.exit()).as(run.out()).isEqualTo(1);
        assertThat(run.out()).contains("\"name\":\"anchors.onchain\",\"status\":\"FAIL\",\"fault\":\"ANCHOR_INVALID\"")
                .contains("batch 9223372036854775808");
    }

    @Test
    void helpListsTheVerifyCommand() {
        Run run = run("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("verify");
    }
}
