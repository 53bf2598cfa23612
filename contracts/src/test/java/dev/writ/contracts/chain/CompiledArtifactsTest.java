package dev.writ.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.devchain.ContractsToolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed artifacts are exactly what the pinned compiler makes of the committed sources. */
class CompiledArtifactsTest {
  @TempDir Path out;

  @Test
  void committedArtifactsAreByteIdenticalToAFreshCompile() throws Exception {
    ContractsToolchain toolchain = ContractsToolchain.locate();
    toolchain.solc(); // npm ci when node_modules is missing
    Path contracts = toolchain.contractsDir();
    Process node = new ProcessBuilder("node", "scripts/compile.mjs", out.toString())
        .directory(contracts.toFile()).redirectErrorStream(true).start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(node.exitValue()).as(output).isZero();

    Path committed = contracts.resolve("src/main/resources/writ/contracts");
    assertThat(names(out)).as("artifact files").isEqualTo(names(committed)).isNotEmpty();
    for (String name : names(committed)) {
      assertThat(Files.readAllBytes(out.resolve(name)))
          .as("%s differs from a fresh compile: run `node scripts/compile.mjs` in contracts/ and commit", name)
          .isEqualTo(Files.readAllBytes(committed.resolve(name)));
    }
  }

  @Test
  void everySolidityContractHasLoadableArtifacts() throws IOException {
    Path sources = ContractsToolchain.locate().contractsDir().resolve("src/main/solidity");
    for (String file : names(sources)) {
      Artifact artifact = Artifacts.load(file.replace(".sol", ""));
      assertThat(artifact.bytecodeHex()).isNotEmpty();
      assertThat(ContractErrors.of(artifact).contract()).isEqualTo(artifact.name());
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
