package dev.writ.cli;

import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.ChainClient;
import dev.writ.contracts.chain.ChainException;
import dev.writ.contracts.chain.ContractRevert;
import picocli.CommandLine.Option;

/**
 * Where the on-chain AgentRegistry is (`writ domain register`, `writ domain key`, `writ agent
 * register`), and how one call to it runs: a revert becomes a refusal named by the contract's error
 * (NotDomainAdmin, KeyExists, ...), an unreachable chain CHAIN_UNAVAILABLE.
 */
final class RegistryOptions {
    @Option(names = "--rpc", required = true, paramLabel = "<url>", description = "the chain's JSON-RPC endpoint")
    private String rpcUrl;

    @Option(names = "--chain-id", defaultValue = "31337", description = "the chain id (default ${DEFAULT-VALUE}, anvil)")
    private long chainId;

    @Option(names = "--registry", required = true, paramLabel = "<address>", description = "the AgentRegistry's address")
    private String registry;

    /** One use of the registry, on the chain it is on (for the other contracts a step also calls). */
    @FunctionalInterface
    interface Call<T> {
        T on(AgentRegistryContract registry, ChainClient chain);
    }

    <T> T call(Call<T> call) throws CaOutput.Refused {
        try (ChainClient chain = ChainClient.connect(rpcUrl, chainId)) {
            return call.on(new AgentRegistryContract(chain, registry), chain);
        } catch (ContractRevert e) {
            throw new CaOutput.Refused(e.error(), e.getMessage());
        } catch (ChainException e) {
            throw new CaOutput.Refused("CHAIN_UNAVAILABLE", e.getMessage());
        }
    }
}
