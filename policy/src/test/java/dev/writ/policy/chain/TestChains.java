package dev.writ.policy.chain;

import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.contracts.devchain.PolicyRegistryDeployment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/** Dev chains with only a PolicyRegistry, automining, and a way to move chain time for the timelock. */
public final class TestChains {
    private TestChains() {
    }

    public static DevChain withRegistry(Path workDir, PolicyRegistryDeployment registry) {
        return DevChain.start(DevChainOptions.of(workDir, List.of()).automine().withDeployments(List.of(registry)));
    }

    public static String registryAddress(DevChain chain) {
        return chain.config().contract(PolicyRegistryDeployment.NAME);
    }

    /** Moves chain time forward and mines a block with it. */
    public static void advance(DevChain chain, long seconds) throws IOException {
        HttpService rpc = new HttpService(chain.rpcUrl());
        new Request<>("evm_increaseTime", List.of(seconds), rpc, VoidResponse.class).send();
        new Request<>("evm_mine", List.of(), rpc, VoidResponse.class).send();
    }
}
