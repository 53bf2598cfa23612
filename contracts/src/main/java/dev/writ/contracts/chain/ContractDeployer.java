package dev.writ.contracts.chain;

import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** Deploys any committed artifact by name; constructor arguments come ABI-encoded by the caller. */
public final class ContractDeployer {
  private final ChainClient chain;

  public ContractDeployer(ChainClient chain) {
    this.chain = Objects.requireNonNull(chain, "chain");
  }

  /**
   * @param artifactName e.g. {@code "EvidenceAnchor"}, loaded through {@link Artifacts}
   * @param encodedConstructorArgs hex (with or without 0x) from {@code FunctionEncoder.encodeConstructor},
   *     empty for a constructor without parameters
   */
  public Deployment deploy(String artifactName, String encodedConstructorArgs, Credentials credentials) {
    Artifact artifact = Artifacts.load(artifactName);
    String data = "0x" + artifact.bytecodeHex() + Numeric.cleanHexPrefix(encodedConstructorArgs);
    TransactionReceipt receipt = chain.sendCreation(credentials, data, ContractErrors.of(artifact));
    if (receipt.getContractAddress() == null) {
      throw new ChainException(ChainException.Code.RPC_ERROR,
          artifactName + " deployment " + receipt.getTransactionHash() + " has no contract address");
    }
    return new Deployment(artifactName, receipt.getContractAddress(), receipt.getTransactionHash(),
        receipt.getBlockNumber().longValueExact(), receipt.getGasUsed().longValueExact());
  }
}
