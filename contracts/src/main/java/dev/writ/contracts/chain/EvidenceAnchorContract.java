package dev.writ.contracts.chain;

import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** {@code EvidenceAnchor} (see contracts/README.md): one Merkle root per batch, per domain, in order. */
public final class EvidenceAnchorContract {
  public static final String NAME = "EvidenceAnchor";

  /** {@code Anchored(bytes32 indexed domain, uint64 indexed batchSeq, uint64 firstSeq, uint64 lastSeq, bytes32 root)}. */
  public static final Event ANCHORED = new Event("Anchored", List.of(
      new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>(true) {},
      new TypeReference<Uint64>(true) {},
      new TypeReference<Uint64>() {},
      new TypeReference<Uint64>() {},
      new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {}));

  private static final String ANCHORED_TOPIC = EventEncoder.encode(ANCHORED);

  private final BoundContract contract;

  public EvidenceAnchorContract(ChainClient chain, String address) {
    this.contract = new BoundContract(chain, address, NAME);
  }

  public String address() {
    return contract.address();
  }

  /** Admin only: sets (or replaces) the one wallet allowed to anchor for the domain. */
  public TransactionReceipt registerDomain(Credentials admin, Bytes32 domain, String anchorer) {
    return contract.send(admin, new Function("registerDomain",
        List.of(domain.abi(), new Address(anchorer)), List.of()));
  }

  /** The domain's anchorer only; reverts unless this is exactly the next batch and range. */
  public TransactionReceipt anchor(
      Credentials anchorer, Bytes32 domain, long batchSeq, long firstSeq, long lastSeq, Bytes32 root) {
    return contract.send(anchorer, anchorFunction(domain, batchSeq, firstSeq, lastSeq, root));
  }

  /** The call data of {@code anchor(...)}, for callers that sign and track transactions themselves. */
  public static String encodeAnchor(Bytes32 domain, long batchSeq, long firstSeq, long lastSeq, Bytes32 root) {
    return FunctionEncoder.encode(anchorFunction(domain, batchSeq, firstSeq, lastSeq, root));
  }

  /** Decodes revert data of this contract (e.g. from an outbox's own failed transaction). */
  public ContractErrors errors() {
    return contract.errors();
  }

  public long nextBatchSeq(Bytes32 domain) {
    return nextBatchSeq(domain, DefaultBlockParameterName.LATEST);
  }

  /** As of {@code block}: reads pinned to one block see one state. */
  public long nextBatchSeq(Bytes32 domain, DefaultBlockParameter block) {
    return BoundContract.asLong(contract.view(uint64View("nextBatchSeq", domain), block).get(0));
  }

  public long nextFirstSeq(Bytes32 domain) {
    return nextFirstSeq(domain, DefaultBlockParameterName.LATEST);
  }

  public long nextFirstSeq(Bytes32 domain, DefaultBlockParameter block) {
    return BoundContract.asLong(contract.view(uint64View("nextFirstSeq", domain), block).get(0));
  }

  /** Reverts {@code UnknownBatch(domain, batchSeq)} for a batch never anchored. */
  public AnchoredBatch batch(Bytes32 domain, long batchSeq) {
    return batch(domain, batchSeq, DefaultBlockParameterName.LATEST);
  }

  @SuppressWarnings("rawtypes")
  public AnchoredBatch batch(Bytes32 domain, long batchSeq, DefaultBlockParameter block) {
    List<Type> v = contract.view(new Function("batch",
        List.of(domain.abi(), BoundContract.unsignedUint64(batchSeq)),
        List.of(new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {},
            new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {},
            new TypeReference<Uint64>() {})), block);
    return new AnchoredBatch(domain, batchSeq, BoundContract.asLong(v.get(0)), BoundContract.asLong(v.get(1)),
        new Bytes32((byte[]) v.get(2).getValue()), BoundContract.asLong(v.get(3)));
  }

  /** The domain's anchorer, or the zero address when none is registered. */
  public String anchorer(Bytes32 domain) {
    return (String) contract.view(new Function("anchorer", List.of(domain.abi()),
        List.of(new TypeReference<Address>() {}))).get(0).getValue();
  }

  /** The {@code Anchored} events among a receipt's logs (of this contract only). */
  public List<AnchoredBatch> anchoredEvents(TransactionReceipt receipt) {
    List<AnchoredBatch> batches = new ArrayList<>();
    for (Log log : receipt.getLogs()) {
      if (log.getAddress().equalsIgnoreCase(address()) && !log.getTopics().isEmpty()
          && log.getTopics().get(0).equals(ANCHORED_TOPIC)) {
        batches.add(decodeAnchored(log));
      }
    }
    return batches;
  }

  /** Decodes one {@code Anchored} log; the block number is the log's block. */
  @SuppressWarnings("rawtypes")
  public static AnchoredBatch decodeAnchored(Log log) {
    if (log.getTopics().size() != 3 || !log.getTopics().get(0).equals(ANCHORED_TOPIC)) {
      throw new IllegalArgumentException("not an Anchored log: " + log.getTopics());
    }
    List<Type> data = FunctionReturnDecoder.decode(log.getData(), ANCHORED.getNonIndexedParameters());
    if (data.size() != 3) {
      throw new IllegalArgumentException("malformed Anchored log data: " + log.getData());
    }
    Type batchSeq = FunctionReturnDecoder.decodeIndexedValue(log.getTopics().get(2), new TypeReference<Uint64>() {});
    return new AnchoredBatch(Bytes32.fromHex(log.getTopics().get(1)), BoundContract.asLong(batchSeq),
        BoundContract.asLong(data.get(0)), BoundContract.asLong(data.get(1)),
        new Bytes32((byte[]) data.get(2).getValue()), log.getBlockNumber().longValueExact());
  }

  private static Function anchorFunction(Bytes32 domain, long batchSeq, long firstSeq, long lastSeq, Bytes32 root) {
    return new Function("anchor", List.of(domain.abi(), BoundContract.uint64(batchSeq),
        BoundContract.uint64(firstSeq), BoundContract.uint64(lastSeq), root.abi()), List.of());
  }

  private static Function uint64View(String name, Bytes32 domain) {
    return new Function(name, List.of(domain.abi()), List.of(new TypeReference<Uint64>() {}));
  }
}
