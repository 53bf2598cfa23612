package dev.writ.contracts.anchor;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * A real anvil for the anchoring tests, from contracts/node_modules (npm ci first). Temporary:
 * the chain helper's DevChain launcher replaces it once it is on main. State is dumped to a file
 * on a clean stop, so a restart with the same state models a sequencer outage.
 */
public final class AnvilProcess implements AutoCloseable {
    /** anvil's first dev account (well-known test key, never used outside a dev chain). */
    public static final String DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    public static final long CHAIN_ID = 31337;

    private final int port;
    private final Path state;
    private final List<String> extra;
    private Process process;

    private AnvilProcess(int port, Path state, List<String> extra) {
        this.port = port;
        this.state = state;
        this.extra = extra;
    }

    /** Starts anvil on a free port; {@code blockTime} 0 means automine (a block per transaction). */
    public static AnvilProcess start(Path dir, int blockTime, String... extra) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of(extra));
        if (blockTime > 0) {
            args.add("--block-time");
            args.add(Integer.toString(blockTime));
        }
        AnvilProcess anvil = new AnvilProcess(port, dir.resolve("anvil-state.json"), args);
        anvil.launch();
        return anvil;
    }

    static Path binary() {
        return tool("anvil");
    }

    /** A pinned npm tool of contracts/, from the contracts module or a sibling module's directory. */
    static Path tool(String name) {
        for (String base : new String[] {"node_modules/.bin/", "../contracts/node_modules/.bin/"}) {
            Path bin = Path.of(base + name).toAbsolutePath().normalize();
            if (Files.isExecutable(bin)) {
                return bin;
            }
        }
        throw new IllegalStateException(name + " is missing from contracts/node_modules: run `npm ci` in contracts/ first");
    }

    public void launch() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--port", Integer.toString(port), "--host", "127.0.0.1",
                "--state", state.toString(), "--silent"));
        cmd.addAll(extra);
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(state.resolveSibling("anvil-" + port + ".log").toFile()).start();
        Web3j web3j = Web3j.build(new HttpService(url()));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    web3j.ethBlockNumber().send();
                    return;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        throw new IllegalStateException("anvil did not start on port " + port, e);
                    }
                    Thread.sleep(50);
                }
            }
        } finally {
            web3j.shutdown();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops anvil cleanly (SIGTERM), which dumps its state for a later {@link #launch()}. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Calls one of anvil's own RPC methods (anvil_*, evm_*). */
    public void rpc(String method, Object... params) throws IOException {
        Web3j web3j = Web3j.build(new HttpService(url()));
        try {
            Response<?> r = new Request<>(method, List.of(params), new HttpService(url()), GenericResponse.class).send();
            if (r.hasError()) {
                throw new IOException(method + ": " + r.getError().getMessage());
            }
        } finally {
            web3j.shutdown();
        }
    }

    static final class GenericResponse extends Response<Object> {
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
