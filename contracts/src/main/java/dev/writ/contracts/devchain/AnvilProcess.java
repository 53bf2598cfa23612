package dev.writ.contracts.devchain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One anvil OS process. It keeps the chain in {@code stateFile} ({@code --state}: loaded at start,
 * dumped on a graceful exit), which is what lets the launcher kill and restart the chain without
 * losing it. Output goes to a log file; {@code --quiet} keeps that file small under RPC polling.
 */
final class AnvilProcess {
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Process process;
  private final int port;

  private AnvilProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts anvil on {@code port} (0 = pick a free one) and waits until its RPC answers {@code
   * rpcReady}. Starts in automine; the launcher sets the configured block production over RPC.
   */
  static AnvilProcess start(Path anvil, String host, int port, long chainId, int accounts, Path stateFile,
      Path logFile, Duration readyTimeout, java.util.function.IntPredicate rpcReady) {
    int attempts = port == 0 ? 3 : 1;
    IllegalStateException last = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      int chosen = port == 0 ? freePort(host) : port;
      List<String> command = new ArrayList<>(List.of(anvil.toString(),
          "--host", host, "--port", Integer.toString(chosen), "--chain-id", Long.toString(chainId),
          "--accounts", Integer.toString(accounts), "--mnemonic", DevAccounts.MNEMONIC,
          "--state", stateFile.toString(), "--quiet"));
      Process process;
      try {
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + anvil, e);
      }
      AnvilProcess started = new AnvilProcess(process, chosen);
      if (await(readyTimeout, () -> !process.isAlive() || rpcReady.test(chosen)) && process.isAlive()) {
        return started;
      }
      started.stop();
      last = new IllegalStateException("anvil did not answer on " + host + ":" + chosen + " within "
          + readyTimeout + " (exit " + (process.isAlive() ? "none" : process.exitValue()) + "); see " + logFile);
    }
    throw last;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGTERM (anvil dumps its state), then SIGKILL if it has not exited within the grace period. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** For the JVM shutdown hook: no waiting beyond a short grace. */
  void stopNow() {
    process.destroy();
    try {
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static boolean await(Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return condition.getAsBoolean();
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  static void ensureDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }
}
