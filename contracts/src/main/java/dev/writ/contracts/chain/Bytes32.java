package dev.writ.contracts.chain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A 32-byte on-chain identifier or hash (domain id, agent id, key id, Merkle root). A type rather
 * than a {@code byte[]} so a wrong-length value fails at construction, not as an odd revert.
 */
public record Bytes32(byte[] bytes) {
  public Bytes32 {
    if (bytes == null || bytes.length != 32) {
      throw new IllegalArgumentException("bytes32 needs exactly 32 bytes");
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code keccak256(utf8(text))}: how a domain name or a SPIFFE id becomes its on-chain id. */
  public static Bytes32 keccakOf(String text) {
    return new Bytes32(Hash.sha3(text.getBytes(StandardCharsets.UTF_8)));
  }

  public static Bytes32 fromHex(String hex) {
    return new Bytes32(Numeric.hexStringToByteArray(hex));
  }

  public boolean isZero() {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  public String hex() {
    return Numeric.toHexString(bytes);
  }

  org.web3j.abi.datatypes.generated.Bytes32 abi() {
    return new org.web3j.abi.datatypes.generated.Bytes32(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes32 other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
