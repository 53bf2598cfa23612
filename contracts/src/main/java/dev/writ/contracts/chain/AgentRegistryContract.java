package dev.writ.contracts.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** {@code AgentRegistry} (see contracts/README.md): agents, domain signing keys, revocation epochs. */
public final class AgentRegistryContract {
  public static final String NAME = "AgentRegistry";

  /** {@code KeyRevoked(bytes32 indexed domain, bytes32 indexed keyId, uint64 epoch, string reason)}. */
  public static final Event KEY_REVOKED = new Event("KeyRevoked", List.of(
      new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) {},
      new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) {},
      new TypeReference<Uint64>() {},
      new TypeReference<Utf8String>() {}));

  private final ChainClient chain;
  private final BoundContract contract;

  public AgentRegistryContract(ChainClient chain, String address) {
    this.chain = chain;
    this.contract = new BoundContract(chain, address, NAME);
  }

  public String address() {
    return contract.address();
  }

  public ContractErrors errors() {
    return contract.errors();
  }

  /** Admin only, once per domain. */
  public TransactionReceipt registerDomain(Credentials admin, Bytes32 domain, String domainAdmin) {
    return contract.send(admin, new Function("registerDomain",
        List.of(domain.abi(), new org.web3j.abi.datatypes.Address(domainAdmin)), List.of()));
  }

  /**
   * Registers {@code agent} ACTIVE with the key it enrols with: {@code enrolmentKey} is the RFC 7638
   * thumbprint of the agent's Ed25519 public key ({@code KeyId}); nodes issue its first certificate
   * only for that key.
   */
  public TransactionReceipt registerAgent(Credentials domainAdmin, Bytes32 domain, Bytes32 agent,
      BigInteger capabilities, Bytes32 modelHash, Bytes32 enrolmentKey) {
    return contract.send(domainAdmin, new Function("registerAgent",
        List.of(domain.abi(), agent.abi(), new Uint256(capabilities), modelHash.abi(), enrolmentKey.abi()), List.of()));
  }

  /** Replaces an active agent's enrolment key; certificates already issued are untouched. */
  public TransactionReceipt setEnrolmentKey(Credentials domainAdmin, Bytes32 domain, Bytes32 agent, Bytes32 enrolmentKey) {
    return contract.send(domainAdmin, new Function("setEnrolmentKey",
        List.of(domain.abi(), agent.abi(), enrolmentKey.abi()), List.of()));
  }

  /** Final: a revoked agent cannot be registered again. Increments the domain's revocation epoch. */
  public TransactionReceipt revokeAgent(Credentials domainAdmin, Bytes32 domain, Bytes32 agent, String reason) {
    return contract.send(domainAdmin, new Function("revokeAgent",
        List.of(domain.abi(), agent.abi(), new Utf8String(reason)), List.of()));
  }

  /**
   * The agent as {@code domain}'s admin registered it; {@link RegisteredAgent.Status#UNKNOWN} when
   * that domain never did, whatever another domain registered under the same id. Read an agent under
   * the domain its SPIFFE id names.
   */
  @SuppressWarnings("rawtypes")
  public RegisteredAgent agent(Bytes32 domain, Bytes32 agent) {
    List<Type> v = contract.view(new Function("agent", List.of(domain.abi(), agent.abi()), List.of(
        new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {},
        new TypeReference<Uint256>() {},
        new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {},
        new TypeReference<Uint8>() {},
        new TypeReference<Uint64>() {},
        new TypeReference<Uint64>() {},
        new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {})));
    return new RegisteredAgent(agent, new Bytes32((byte[]) v.get(0).getValue()), (BigInteger) v.get(1).getValue(),
        new Bytes32((byte[]) v.get(2).getValue()),
        RegisteredAgent.Status.of(((BigInteger) v.get(3).getValue()).intValueExact()),
        BoundContract.asLong(v.get(4)), BoundContract.asLong(v.get(5)), new Bytes32((byte[]) v.get(6).getValue()));
  }

  public TransactionReceipt addKey(
      Credentials domainAdmin, Bytes32 domain, Bytes32 keyId, Bytes32 publicKey, long validFrom, long validUntil) {
    return contract.send(domainAdmin, new Function("addKey", List.of(domain.abi(), keyId.abi(), publicKey.abi(),
        BoundContract.uint64(validFrom), BoundContract.uint64(validUntil)), List.of()));
  }

  /** Increments the domain's revocation epoch. */
  public TransactionReceipt revokeKey(Credentials domainAdmin, Bytes32 domain, Bytes32 keyId, String reason) {
    return contract.send(domainAdmin, new Function("revokeKey",
        List.of(domain.abi(), keyId.abi(), new Utf8String(reason)), List.of()));
  }

  @SuppressWarnings("rawtypes")
  public DomainKey key(Bytes32 domain, Bytes32 keyId) {
    List<Type> v = contract.view(new Function("key", List.of(domain.abi(), keyId.abi()), List.of(
        new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {},
        new TypeReference<Uint64>() {},
        new TypeReference<Uint64>() {},
        new TypeReference<Bool>() {})));
    return new DomainKey(domain, keyId, new Bytes32((byte[]) v.get(0).getValue()),
        BoundContract.asLong(v.get(1)), BoundContract.asLong(v.get(2)), (Boolean) v.get(3).getValue());
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  public List<Bytes32> keyIds(Bytes32 domain) {
    List<Type> v = contract.view(new Function("keyIds", List.of(domain.abi()),
        List.of(new TypeReference<DynamicArray<org.web3j.abi.datatypes.generated.Bytes32>>() {})));
    List<Bytes32> ids = new ArrayList<>();
    for (org.web3j.abi.datatypes.generated.Bytes32 id
        : ((DynamicArray<org.web3j.abi.datatypes.generated.Bytes32>) v.get(0)).getValue()) {
      ids.add(new Bytes32(id.getValue()));
    }
    return ids;
  }

  /**
   * The block in which the domain's key was revoked: its {@code KeyRevoked} event's, the registry
   * keeping no revocation time in its state. Empty when no such event is found (the key is not revoked).
   */
  public OptionalLong keyRevokedInBlock(Bytes32 domain, Bytes32 keyId) {
    EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, address());
    filter.addSingleTopic(EventEncoder.encode(KEY_REVOKED));
    filter.addSingleTopic(Numeric.toHexString(domain.bytes()));
    filter.addSingleTopic(Numeric.toHexString(keyId.bytes()));
    EthLog logs;
    try {
      logs = chain.web3j().ethGetLogs(filter).send();
    } catch (IOException e) {
      throw new UncheckedIOException("the AgentRegistry's KeyRevoked events cannot be read", e);
    }
    if (logs.hasError()) {
      throw new IllegalStateException("the AgentRegistry's KeyRevoked events cannot be read: " + logs.getError().getMessage());
    }
    return logs.getLogs().stream().map(l -> ((EthLog.LogObject) l).getBlockNumber().longValueExact())
        .mapToLong(Long::longValue).min();
  }

  public long revocationEpoch(Bytes32 domain) {
    return BoundContract.asLong(contract.view(new Function("revocationEpoch", List.of(domain.abi()),
        List.of(new TypeReference<Uint64>() {}))).get(0));
  }

  /** The domain's admin, or the zero address when the domain is not registered. */
  public String domainAdmin(Bytes32 domain) {
    return (String) contract.view(new Function("domainAdmin", List.of(domain.abi()),
        List.of(new TypeReference<org.web3j.abi.datatypes.Address>() {}))).get(0).getValue();
  }
}
