package dev.writ.verifierjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.writ.verifierjs.CrossCheck.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * writ-verify (this module's npm package, run by node) and `writ verify` (the Java command) on the
 * same bundles, with the same options, must give the same exit code, verdict and faults, check by
 * check: the committed examples/bundles, and the variants of {@link BundleVariants}.
 */
class CrossCheckTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "bundles").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void bothVerifiersGiveTheSameVerdictOnEveryExampleBundle() throws Exception {
        String keys = EXAMPLES.resolve("acme.jwks.json").toString();
        String partnerKeys = EXAMPLES.resolve("globex.jwks.json").toString();
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path bundle : files.filter(f -> !f.getFileName().toString().endsWith(".jwks.json")).sorted().toList()) {
                runs.add(new Run(bundle.getFileName().toString(), List.of(bundle.toString())));
                runs.add(new Run(bundle.getFileName() + " pinned", List.of("--trusted-keys", keys, bundle.toString())));
                runs.add(new Run(bundle.getFileName() + " both pinned", List.of("--trusted-keys", keys, "--partner-keys",
                        partnerKeys, bundle.toString())));
                runs.add(new Run(bundle.getFileName() + " only the partner pinned", List.of("--partner-keys", partnerKeys,
                        bundle.toString())));
            }
        }
        // 7 one-domain examples and 8 cross-boundary ones (docs: examples/bundles), each four ways.
        assertThat(runs).hasSizeGreaterThanOrEqualTo(60);
        CrossCheck.assertSameOutcomes(runs, dir);
    }

    @Test
    void bothVerifiersGiveTheSameVerdictOnEveryVariant() throws Exception {
        Map<String, Path> bundles = BundleVariants.write(dir);
        String pinned = dir.resolve(BundleVariants.DOMAIN_KEYS).toString();
        List<Run> runs = new ArrayList<>();
        bundles.forEach((name, file) -> {
            runs.add(new Run(name, List.of(file.toString())));
            runs.add(new Run(name + " pinned", List.of("--trusted-keys", pinned, file.toString())));
        });
        String valid = bundles.get("valid.json").toString();
        runs.add(new Run("valid --allow-partial", List.of("--allow-partial", valid)));
        for (String keys : List.of(BundleVariants.STRANGER_KEYS, BundleVariants.WRONG_KID_KEYS, BundleVariants.NOT_KEYS,
                BundleVariants.SYMMETRIC_KEYS,
                "absent.jwks.json")) {
            runs.add(new Run("valid pinned to " + keys, List.of("--trusted-keys", dir.resolve(keys).toString(), valid)));
        }
        runs.add(new Run("absent bundle", List.of(dir.resolve("absent.json").toString())));
        // --rpc where no chain answers, and where the bundle gives the chain nothing to ask.
        String nowhere = "http://127.0.0.1:9";
        runs.add(new Run("valid --rpc unreachable", List.of("--rpc", nowhere, valid)));
        runs.add(new Run("valid --rpc unreachable, anchor pinned", List.of("--rpc", nowhere, "--evidence-anchor",
                "0x5FbDB2315678afecb367f032d93F642f64180aa3", valid)));
        runs.add(new Run("no anchors --rpc", List.of("--rpc", nowhere, bundles.get("no-anchors.json").toString())));
        runs.add(new Run("anchor batch beyond a long --rpc unreachable, anchor pinned", List.of("--rpc", nowhere,
                "--evidence-anchor", "0x5FbDB2315678afecb367f032d93F642f64180aa3",
                bundles.get("anchor-batch-beyond-a-long.json").toString())));
        runs.add(new Run("anchor batch empty --rpc", List.of("--rpc", nowhere, bundles.get("anchor-batch-empty.json").toString())));
        // Keys pinned from the AgentRegistry: a registry no chain answers for, and the option misused.
        String registry = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
        runs.add(new Run("valid --rpc unreachable --agent-registry", List.of("--rpc", nowhere, "--agent-registry", registry,
                valid)));
        runs.add(new Run("valid --agent-registry without --rpc", List.of("--agent-registry", registry, valid)));
        runs.add(new Run("valid --agent-registry and --trusted-keys", List.of("--rpc", nowhere, "--agent-registry", registry,
                "--trusted-keys", pinned, valid)));
        CrossCheck.assertSameOutcomes(runs, dir);
    }
}
