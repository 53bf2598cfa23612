package dev.writ.contracts.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads the committed artifacts from the classpath. They are written by {@code
 * scripts/compile.mjs}; {@code CompiledArtifactsTest} proves they match the Solidity sources.
 */
public final class Artifacts {
  /** Classpath folder of the committed {@code <Name>.abi} / {@code <Name>.bin} files. */
  public static final String RESOURCE_DIR = "/writ/contracts/";

  private Artifacts() {}

  public static Artifact load(String name) {
    return new Artifact(name, read(name + ".abi"), read(name + ".bin").strip());
  }

  private static String read(String file) {
    try (InputStream in = Artifacts.class.getResourceAsStream(RESOURCE_DIR + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no contract artifact " + RESOURCE_DIR + file
            + " on the classpath (run `node scripts/compile.mjs` in contracts/)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read contract artifact " + file, e);
    }
  }
}
