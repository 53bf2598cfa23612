package dev.writ.contracts.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.web3j.crypto.Credentials;

/**
 * What a node needs to reach the chain, as written to {@code chain.json} by the dev-chain launcher:
 * the RPC URL, chain id, contract addresses by contract name, and per domain the wallets it acts
 * with. The private keys are anvil's public test keys: the file says so ({@code "devOnly": true})
 * and {@link #read(Path)} refuses a file that does not.
 */
public record ChainConfig(
    String rpcUrl, long chainId, Map<String, String> contracts, DevKey deployer, Map<String, DomainAccounts> domains) {

  /** The warning written next to the keys, so nobody mistakes them for real ones. */
  public static final String DEV_ONLY_WARNING =
      "DEV CHAIN ONLY: these private keys derive from anvil's public test mnemonic; never use them on a real chain";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ChainConfig {
    Objects.requireNonNull(rpcUrl, "rpcUrl");
    contracts = Map.copyOf(contracts);
    domains = Map.copyOf(domains);
  }

  /** A wallet: its address and (dev-only) private key. */
  public record DevKey(String address, String privateKey) {
    public static DevKey of(Credentials credentials) {
      return new DevKey(credentials.getAddress(),
          org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(credentials.getEcKeyPair().getPrivateKey(), 64));
    }

    public Credentials credentials() {
      return Credentials.create(privateKey);
    }
  }

  /** A domain's on-chain id ({@code keccak256(utf8(name))}), its anchorer and its registry admin. */
  public record DomainAccounts(Bytes32 domainId, DevKey anchorer, DevKey admin) {}

  /** The address of a deployed contract, e.g. {@code contract("EvidenceAnchor")}. */
  public String contract(String name) {
    String address = contracts.get(name);
    if (address == null) {
      throw new IllegalArgumentException("chain config has no contract " + name + " (has " + contracts.keySet() + ")");
    }
    return address;
  }

  public DomainAccounts domain(String name) {
    DomainAccounts accounts = domains.get(name);
    if (accounts == null) {
      throw new IllegalArgumentException("chain config has no domain " + name + " (has " + domains.keySet() + ")");
    }
    return accounts;
  }

  /** Writes atomically (temp file + move), keys sorted, so readers never see half a file. */
  public void write(Path file) {
    ObjectNode root = JSON.createObjectNode();
    root.put("devOnly", true);
    root.put("warning", DEV_ONLY_WARNING);
    root.put("rpcUrl", rpcUrl);
    root.put("chainId", chainId);
    ObjectNode contractsNode = root.putObject("contracts");
    new TreeMap<>(contracts).forEach(contractsNode::put);
    key(root.putObject("deployer"), deployer);
    ObjectNode domainsNode = root.putObject("domains");
    new TreeMap<>(domains).forEach((name, accounts) -> {
      ObjectNode d = domainsNode.putObject(name);
      d.put("domainId", accounts.domainId().hex());
      key(d.putObject("anchorer"), accounts.anchorer());
      key(d.putObject("admin"), accounts.admin());
    });
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "chain", ".json.tmp");
      JSON.writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public static ChainConfig read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read chain config " + file, e);
    }
    if (!root.path("devOnly").asBoolean(false)) {
      throw new IllegalArgumentException(file + " is not marked devOnly: refusing to load private keys from it");
    }
    Map<String, String> contracts = new TreeMap<>();
    root.path("contracts").fields().forEachRemaining(e -> contracts.put(e.getKey(), e.getValue().asText()));
    Map<String, DomainAccounts> domains = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("domains").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode d = e.getValue();
      domains.put(e.getKey(), new DomainAccounts(
          Bytes32.fromHex(required(d, "domainId", file)), key(d.path("anchorer"), file), key(d.path("admin"), file)));
    }
    return new ChainConfig(required(root, "rpcUrl", file), root.path("chainId").asLong(),
        contracts, key(root.path("deployer"), file), domains);
  }

  private static void key(ObjectNode node, DevKey key) {
    node.put("address", key.address());
    node.put("privateKey", key.privateKey());
  }

  private static DevKey key(JsonNode node, Path file) {
    return new DevKey(required(node, "address", file), required(node, "privateKey", file));
  }

  private static String required(JsonNode node, String field, Path file) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(file + ": missing " + field);
    }
    return value.asText();
  }
}
