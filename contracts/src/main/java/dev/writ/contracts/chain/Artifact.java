package dev.writ.contracts.chain;

import java.util.Objects;

/**
 * One compiled contract as committed under {@code writ/contracts}: its ABI (JSON) and creation
 * bytecode (hex, no {@code 0x}).
 */
public record Artifact(String name, String abiJson, String bytecodeHex) {
  public Artifact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(abiJson, "abiJson");
    Objects.requireNonNull(bytecodeHex, "bytecodeHex");
    if (!bytecodeHex.matches("[0-9a-f]+")) {
      throw new IllegalArgumentException(name + ": bytecode is not lower-case hex");
    }
  }
}
