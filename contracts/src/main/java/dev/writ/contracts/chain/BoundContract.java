package dev.writ.contracts.chain;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** A deployed contract at an address: encode, call or send, decode, with typed reverts. */
final class BoundContract {
  private final ChainClient chain;
  private final String address;
  private final ContractErrors errors;

  BoundContract(ChainClient chain, String address, String artifactName) {
    this.chain = chain;
    this.address = address;
    this.errors = ContractErrors.of(Artifacts.load(artifactName));
  }

  String address() {
    return address;
  }

  ContractErrors errors() {
    return errors;
  }

  @SuppressWarnings("rawtypes")
  List<Type> view(Function function) {
    return view(function, org.web3j.protocol.core.DefaultBlockParameterName.LATEST);
  }

  /** A view at a given block, so several reads see one state (the anchoring outbox's reconciliation). */
  @SuppressWarnings("rawtypes")
  List<Type> view(Function function, org.web3j.protocol.core.DefaultBlockParameter block) {
    String result = chain.call(address, FunctionEncoder.encode(function), errors, block);
    List<Type> values = FunctionReturnDecoder.decode(result, function.getOutputParameters());
    if (values.size() != function.getOutputParameters().size()) {
      throw new ChainException(ChainException.Code.RPC_ERROR,
          function.getName() + " at " + address + " returned no data (is the address a "
              + errors.contract() + "?)");
    }
    return values;
  }

  TransactionReceipt send(Credentials from, Function function) {
    return chain.send(from, address, FunctionEncoder.encode(function), errors);
  }

  static Uint64 uint64(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("uint64 argument must not be negative: " + value);
    }
    return new Uint64(BigInteger.valueOf(value));
  }

  /**
   * A protobuf uint64 held in a long's bits, as the unsigned number it is: a batch number a bundle
   * names may be 2^63 or more, and is asked of the chain as such (writ-verify asks the same).
   */
  static Uint64 unsignedUint64(long bits) {
    return new Uint64(new BigInteger(Long.toUnsignedString(bits)));
  }

  @SuppressWarnings("rawtypes")
  static long asLong(Type value) {
    return ((BigInteger) value.getValue()).longValueExact();
  }
}
