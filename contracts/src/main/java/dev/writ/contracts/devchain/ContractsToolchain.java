package dev.writ.contracts.devchain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm-installed tools of the repository's {@code contracts/} directory (anvil, solcjs). Installs
 * them with {@code npm ci} when missing, so a fresh checkout runs the demo and the tests without a
 * manual step; several JVMs starting at once install once (an exclusive file lock).
 */
public final class ContractsToolchain {
  /** System property naming the repository root (the directory holding {@code contracts/}). */
  public static final String REPO_PROPERTY = "writ.repo";

  private static final long NPM_TIMEOUT_MINUTES = 10;

  private final Path contractsDir;

  private ContractsToolchain(Path contractsDir) {
    this.contractsDir = contractsDir;
  }

  /** Locates {@code contracts/} from {@code -Dwrit.repo} or by walking up from the working directory. */
  public static ContractsToolchain locate() {
    String repo = System.getProperty(REPO_PROPERTY);
    if (repo != null) {
      Path dir = Path.of(repo).toAbsolutePath().resolve("contracts");
      if (!Files.isRegularFile(dir.resolve("package.json"))) {
        throw new IllegalStateException("-D" + REPO_PROPERTY + "=" + repo + " has no contracts/package.json");
      }
      return new ContractsToolchain(dir);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("contracts").resolve("package.json"))) {
        return new ContractsToolchain(dir.resolve("contracts"));
      }
    }
    throw new IllegalStateException("cannot find the Writ repository (a directory with contracts/package.json) above "
        + Path.of("").toAbsolutePath() + "; run from inside the repository or pass -D" + REPO_PROPERTY + "=<repo>");
  }

  public Path contractsDir() {
    return contractsDir;
  }

  /** The anvil binary, installing the npm packages first when it is missing. */
  public Path anvil() {
    return ensureInstalled(contractsDir.resolve("node_modules/.bin/anvil"));
  }

  /** The solc package directory (for {@code scripts/compile.mjs}), installing when missing. */
  public Path solc() {
    return ensureInstalled(contractsDir.resolve("node_modules/solc/package.json"));
  }

  private Path ensureInstalled(Path expected) {
    if (Files.exists(expected)) {
      return expected;
    }
    Path lockFile = Path.of(System.getProperty("java.io.tmpdir"),
        "writ-npm-" + Integer.toHexString(contractsDir.toString().hashCode()) + ".lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      if (!Files.exists(expected)) {
        npmCi();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the contracts' npm packages in " + contractsDir, e);
    }
    if (!Files.exists(expected)) {
      throw new IllegalStateException("`npm ci` in " + contractsDir + " did not produce " + expected);
    }
    return expected;
  }

  private void npmCi() throws IOException {
    List<String> command = List.of("npm", "ci", "--no-audit", "--no-fund");
    Process npm;
    try {
      npm = new ProcessBuilder(command).directory(contractsDir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("npm is not installed or not on PATH; install Node.js (20+) and run "
          + "`cd " + contractsDir + " && npm ci` once", e);
    }
    try {
      byte[] output = npm.getInputStream().readAllBytes();
      if (!npm.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        npm.destroyForcibly();
        throw new IllegalStateException("`npm ci` failed in " + contractsDir + ":\n"
            + new String(output, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      npm.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running `npm ci` in " + contractsDir, e);
    }
  }
}
