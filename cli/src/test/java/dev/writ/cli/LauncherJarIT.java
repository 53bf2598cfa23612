package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real launcher jar, as bin/writ does, on bundles the test suite produces. */
class LauncherJarIT {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private static Run writ(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        command[1] = "-jar";
        command[2] = Path.of("target", "writ.jar").toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out);
    }

    @Test
    void theJarAcceptsAProducedBundleAndRefusesEachTamperingForADistinctReason() throws Exception {
        ExampleBundles.write(dir);
        Set<String> faults = new HashSet<>();
        for (Map.Entry<String, String> example : ExampleBundles.EXPECTED.entrySet()) {
            // a cross-boundary story is checked under both domains' keys: pin the redeeming domain's too (D73)
            Run run = example.getKey().startsWith("cross-boundary")
                    ? writ("verify", "--json", "--trusted-keys", dir.resolve(ExampleBundles.KEYS).toString(),
                            "--partner-keys", dir.resolve(ExampleBundles.PARTNER_KEYS).toString(),
                            dir.resolve(example.getKey()).toString())
                    : writ("verify", "--json", "--trusted-keys", dir.resolve(ExampleBundles.KEYS).toString(),
                            dir.resolve(example.getKey()).toString());
            if (example.getValue().isEmpty()) {
                // Pinned but offline: the chain was not consulted, so consistent is all it can say; a part
                // marked missing is skipped as well, so its bundle is never verified either.
                assertThat(run.exit()).as(run.out()).isEqualTo(3);
                assertThat(run.out()).contains("\"verified\":false", "\"holds\":true");
                if (!example.getKey().equals("cross-boundary-partner-missing.json")) {
                    assertThat(run.out()).contains("\"skipped\":[\"anchors.onchain\"]");
                }
            } else {
                assertThat(run.exit()).as(run.out()).isEqualTo(1);
                assertThat(run.out()).contains("\"fault\":\"" + example.getValue() + "\"");
                faults.add(example.getValue());
            }
        }
        assertThat(faults).containsExactlyInAnyOrderElementsOf(
                ExampleBundles.EXPECTED.values().stream().filter(f -> !f.isEmpty()).distinct().toList());
    }
}
