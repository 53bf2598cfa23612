package dev.writ.node.policy.chain;

import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.http.HttpService;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real anvil from contracts/node_modules on a free port, until the contracts module's DevChain
 * launcher is on main (then this file goes and the tests use DevChain).
 */
final class TemporaryAnvil implements AutoCloseable {
    static final long CHAIN_ID = 31337;
    /** anvil's well-known dev accounts (mnemonic "test test ... junk"). */
    static final List<Credentials> ACCOUNTS = List.of(
            Credentials.create("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"),
            Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
            Credentials.create("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
            Credentials.create("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"));

    private final Process process;
    final Web3j web3j;
    final String url;

    TemporaryAnvil() throws IOException, InterruptedException {
        Path anvil = Path.of("..", "contracts", "node_modules", ".bin", "anvil").toAbsolutePath().normalize();
        if (!Files.isExecutable(anvil)) {
            throw new IllegalStateException(anvil + " is missing: run npm ci in contracts/");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        process = new ProcessBuilder(anvil.toString(), "--port", Integer.toString(port), "--silent",
                "--chain-id", Long.toString(CHAIN_ID))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        url = "http://127.0.0.1:" + port;
        web3j = Web3j.build(new HttpService(url));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                EthBlockNumber n = web3j.ethBlockNumber().send();
                if (!n.hasError()) {
                    return;
                }
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    close();
                    throw new IllegalStateException("anvil did not answer on " + url, notYet);
                }
            }
            Thread.sleep(50);
        }
    }

    /** Moves chain time forward and mines a block with it (for the timelock). */
    void increaseTime(long seconds) throws IOException {
        new org.web3j.protocol.core.Request<>("evm_increaseTime", List.of(seconds),
                new HttpService(url), org.web3j.protocol.core.methods.response.VoidResponse.class).send();
        new org.web3j.protocol.core.Request<>("evm_mine", List.of(),
                new HttpService(url), org.web3j.protocol.core.methods.response.VoidResponse.class).send();
    }

    @Override
    public void close() {
        web3j.shutdown();
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
