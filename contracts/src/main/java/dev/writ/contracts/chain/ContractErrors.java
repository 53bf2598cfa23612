package dev.writ.contracts.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The custom errors a contract can revert with, read from its ABI, so revert data decodes into a
 * {@link ContractRevert} by name without a hand-kept list that could drift from the Solidity.
 */
public final class ContractErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record ErrorSpec(String name, List<TypeReference<Type>> types) {}

  private final String contract;
  private final Map<String, ErrorSpec> bySelector;

  private ContractErrors(String contract, Map<String, ErrorSpec> bySelector) {
    this.contract = contract;
    this.bySelector = Map.copyOf(bySelector);
  }

  public static ContractErrors of(Artifact artifact) {
    Map<String, ErrorSpec> specs = new HashMap<>();
    add(specs, "Error", List.of("string"));
    add(specs, "Panic", List.of("uint256"));
    try {
      for (JsonNode entry : JSON.readTree(artifact.abiJson())) {
        if (!"error".equals(entry.path("type").asText())) {
          continue;
        }
        List<String> types = new ArrayList<>();
        for (JsonNode input : entry.path("inputs")) {
          types.add(input.path("type").asText());
        }
        add(specs, entry.path("name").asText(), types);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(artifact.name() + ": ABI is not JSON", e);
    }
    return new ContractErrors(artifact.name(), specs);
  }

  public String contract() {
    return contract;
  }

  /** Decodes revert data (0x-hex, possibly empty) into the typed revert. */
  public ContractRevert decode(String revertData) {
    String hex = Numeric.cleanHexPrefix(revertData == null ? "" : revertData);
    if (hex.length() >= 8) {
      ErrorSpec spec = bySelector.get(hex.substring(0, 8).toLowerCase());
      if (spec != null) {
        try {
          List<Object> values = new ArrayList<>();
          for (Type<?> value : FunctionReturnDecoder.decode("0x" + hex.substring(8), spec.types())) {
            values.add(value.getValue());
          }
          if (values.size() == spec.types().size()) {
            return new ContractRevert(contract, spec.name(), values, "0x" + hex);
          }
        } catch (RuntimeException malformed) {
          // falls through: data with a known selector but undecodable arguments is undecoded
        }
      }
    }
    return new ContractRevert(contract, ContractRevert.UNDECODED, List.of(), "0x" + hex);
  }

  @SuppressWarnings("unchecked")
  private static void add(Map<String, ErrorSpec> specs, String name, List<String> solidityTypes) {
    List<TypeReference<Type>> refs = new ArrayList<>();
    for (String t : solidityTypes) {
      if (t.startsWith("tuple")) {
        throw new IllegalArgumentException("error " + name + ": tuple arguments are not supported");
      }
      try {
        refs.add((TypeReference<Type>) TypeReference.makeTypeReference(t));
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("error " + name + ": unknown ABI type " + t, e);
      }
    }
    String selector = Numeric.cleanHexPrefix(
        Hash.sha3String(name + "(" + String.join(",", solidityTypes) + ")")).substring(0, 8);
    specs.put(selector, new ErrorSpec(name, refs));
  }
}
