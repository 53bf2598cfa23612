package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
        for (Map.Entry<String, String> example : ExampleBundles.EXPECTED.entrySet()) {
            Run run = run("verify", examples.resolve(example.getKey()).toString());
            if (example.getValue().isEmpty()) {
                assertThat(run.exit()).as(run.out()).isZero();
                assertThat(run.out()).contains("VERIFIED");
            } else {
                assertThat(run.exit()).as(run.out()).isEqualTo(1);
                assertThat(run.out()).contains("REFUSED: " + example.getValue());
            }
        }
    }

    @Test
    void jsonOutputCarriesTheVerdictAndEveryCheck() throws Exception {
        ExampleBundles.write(dir);
        Run run = run("verify", "--json", dir.resolve("swapped-key.json").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("\"verified\":false", "\"fault\":\"KEY_MISMATCH\"", "\"name\":\"keys.fingerprints\"");
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
    void helpListsTheVerifyCommand() {
        Run run = run("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("verify");
    }
}
