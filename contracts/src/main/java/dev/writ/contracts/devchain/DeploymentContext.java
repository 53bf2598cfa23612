package dev.writ.contracts.devchain;

import dev.writ.contracts.chain.ChainClient;
import dev.writ.contracts.chain.ContractDeployer;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;

/**
 * What a {@link DeploymentStep} gets: the chain (automining while steps run), the deployer wallet,
 * the domains, and the addresses deployed by earlier steps (in step order).
 *
 * @param firstSpareAccount the first {@link DevAccounts#account(int)} index no role uses; {@link
 *     DevAccounts#SPARE_ACCOUNTS} funded accounts start here (e.g. for multisig owners)
 */
public record DeploymentContext(
    ChainClient chain, ContractDeployer deployer, Credentials admin, List<DevDomain> domains,
    Map<String, String> deployedSoFar, int firstSpareAccount) {}
