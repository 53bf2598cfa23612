package dev.writ.contracts.chain;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A contract reverted with a decoded Solidity custom error, e.g. {@code error()} = {@code
 * "BatchOutOfOrder"} with {@code arguments()} = [domain (byte[]), expected (BigInteger), got
 * (BigInteger)]. Arguments are web3j's Java values: {@code byte[]} for bytesN, {@code BigInteger}
 * for integers, {@code String} for addresses (0x-hex) and strings, {@code Boolean} for bool.
 * {@code Error(string)} and {@code Panic(uint256)} decode the same way; data that matches no known
 * error reads as {@link #UNDECODED}.
 */
public final class ContractRevert extends ChainException {
  private static final long serialVersionUID = 1L;

  /** The error name used when the revert data matches no error of the contract's ABI. */
  public static final String UNDECODED = "Undecoded";

  private final String contract;
  private final String error;
  private final transient List<Object> arguments;
  private final String rawData;

  public ContractRevert(String contract, String error, List<Object> arguments, String rawData) {
    super(Code.REVERTED, contract + " reverted " + error + "(" + render(arguments) + ")"
        + (UNDECODED.equals(error) ? " data=" + rawData : ""));
    this.contract = contract;
    this.error = error;
    this.arguments = List.copyOf(arguments);
    this.rawData = rawData;
  }

  public String contract() {
    return contract;
  }

  /** The custom error's name, e.g. {@code "NotAnchorer"}. */
  public String error() {
    return error;
  }

  public List<Object> arguments() {
    return arguments;
  }

  public Object argument(int index) {
    return arguments.get(index);
  }

  /** The revert data as returned by the node, 0x-hex. */
  public String rawData() {
    return rawData;
  }

  private static String render(List<Object> arguments) {
    return arguments.stream()
        .map(a -> a instanceof byte[] b ? org.web3j.utils.Numeric.toHexString(b) : String.valueOf(a))
        .collect(Collectors.joining(", "));
  }
}
