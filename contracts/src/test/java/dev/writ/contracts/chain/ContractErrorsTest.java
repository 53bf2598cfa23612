package dev.writ.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint64;

class ContractErrorsTest {
  private final ContractErrors errors = ContractErrors.of(Artifacts.load("EvidenceAnchor"));

  @Test
  void decodesACustomErrorWithArguments() {
    Bytes32 domain = Bytes32.keccakOf("alpha");
    // a custom error is encoded like a call: selector of its signature, then the ABI-encoded arguments
    String data = FunctionEncoder.encode(new Function("BatchOutOfOrder",
        List.of(domain.abi(), new Uint64(BigInteger.TWO), new Uint64(BigInteger.valueOf(5))), List.of()));

    ContractRevert revert = errors.decode(data);

    assertThat(revert.error()).isEqualTo("BatchOutOfOrder");
    assertThat(revert.code()).isEqualTo(ChainException.Code.REVERTED);
    assertThat((byte[]) revert.argument(0)).isEqualTo(domain.bytes());
    assertThat(revert.arguments().subList(1, 3)).containsExactly(BigInteger.TWO, BigInteger.valueOf(5));
  }

  @Test
  void unknownOrTruncatedDataIsUndecodedNotAGuess() {
    assertThat(errors.decode("0xdeadbeef").error()).isEqualTo(ContractRevert.UNDECODED);
    assertThat(errors.decode("0x").error()).isEqualTo(ContractRevert.UNDECODED);
    assertThat(errors.decode(null).error()).isEqualTo(ContractRevert.UNDECODED);
    String truncated = FunctionEncoder.encode(new Function("BatchOutOfOrder",
        List.of(Bytes32.keccakOf("a").abi(), new Uint64(BigInteger.ONE), new Uint64(BigInteger.ONE)), List.of()))
        .substring(0, 40);
    assertThat(errors.decode(truncated).error()).isEqualTo(ContractRevert.UNDECODED);
  }
}
