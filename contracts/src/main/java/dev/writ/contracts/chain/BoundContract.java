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
    String result = chain.call(address, FunctionEncoder.encode(function), errors);
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

  @SuppressWarnings("rawtypes")
  static long asLong(Type value) {
    return ((BigInteger) value.getValue()).longValueExact();
  }
}
