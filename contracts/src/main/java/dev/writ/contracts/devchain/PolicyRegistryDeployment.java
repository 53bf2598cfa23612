package dev.writ.contracts.devchain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;

/**
 * Deploys {@code PolicyRegistry} owned by {@code ownerCount} dev wallets taken from the spare
 * accounts ({@link DevAccounts#firstSpare}), {@code threshold} of which must approve a change,
 * which then waits {@code delay}. No domain has a policy until the owners put one in force.
 */
public record PolicyRegistryDeployment(int ownerCount, int threshold, Duration delay) implements DeploymentStep {
  public static final String NAME = "PolicyRegistry";

  public PolicyRegistryDeployment {
    if (ownerCount < 1 || ownerCount > DevAccounts.SPARE_ACCOUNTS) {
      throw new IllegalArgumentException("owners must be 1.." + DevAccounts.SPARE_ACCOUNTS + ", was " + ownerCount);
    }
    if (threshold < 1 || threshold > ownerCount) {
      throw new IllegalArgumentException("threshold must be 1.." + ownerCount + ", was " + threshold);
    }
  }

  /** The owner wallets of a registry deployed by this step on a chain with {@code domainCount} domains. */
  public List<Credentials> owners(int domainCount) {
    List<Credentials> owners = new ArrayList<>();
    for (int i = 0; i < ownerCount; i++) {
      owners.add(DevAccounts.account(DevAccounts.firstSpare(domainCount) + i));
    }
    return owners;
  }

  @Override
  public String contract() {
    return NAME;
  }

  @Override
  public String deploy(DeploymentContext context) {
    List<Address> addresses = owners(context.domains().size()).stream().map(c -> new Address(c.getAddress())).toList();
    String args = FunctionEncoder.encodeConstructor(List.of(
        new DynamicArray<>(Address.class, addresses),
        new Uint256(BigInteger.valueOf(threshold)),
        new Uint256(BigInteger.valueOf(delay.toSeconds()))));
    return context.deployer().deploy(contract(), args, context.admin()).address();
  }
}
