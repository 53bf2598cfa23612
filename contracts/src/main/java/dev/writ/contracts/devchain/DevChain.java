package dev.writ.contracts.devchain;

import dev.writ.contracts.chain.ChainClient;
import dev.writ.contracts.chain.ChainConfig;
import dev.writ.contracts.chain.ChainException;
import dev.writ.contracts.chain.ContractDeployer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * A local anvil dev chain with Writ's contracts deployed and the domains registered, described in
 * {@code <workDir>/chain.json} ({@link ChainConfig}). It can stop block production (a stalled
 * sequencer) and kill and restart the chain with its state (an RPC outage), which is what the
 * chain-health and catch-up tests need. The process dies with {@link #close()} or with the JVM.
 *
 * <p>anvil always starts in automine (so deployment takes milliseconds, not a block time per
 * transaction) and then switches to the configured {@link BlockProduction} over RPC
 * ({@code evm_setIntervalMining}), which is the same mining mode {@code --block-time} selects.
 */
public final class DevChain implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DevChain.class);

  /** anvil's default chain id, fixed so signed transactions and chain.json stay valid across restarts. */
  public static final long CHAIN_ID = 31337;

  /**
   * AgentRegistry, EvidenceAnchor, then PolicyRegistry owned by 3 dev wallets, 2 of which must
   * approve a change that then waits 2 s: the timelock is real but short enough for a demo.
   */
  public static final List<DeploymentStep> STANDARD_DEPLOYMENTS = List.of(new AgentRegistryDeployment(),
      new EvidenceAnchorDeployment(), new PolicyRegistryDeployment(3, 2, Duration.ofSeconds(2)));

  /** The file name of the chain description inside the work directory. */
  public static final String CHAIN_JSON = "chain.json";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final DevChainOptions options;
  private final Path anvil;
  private final Path stateFile;
  private final Path logFile;
  private final int port;
  private final HttpService rpc;
  private final ChainClient client;
  private final Thread shutdownHook;
  private volatile AnvilProcess process;
  private volatile boolean paused;
  private ChainConfig config;

  private DevChain(DevChainOptions options, Path anvil, AnvilProcess process) {
    this.options = options;
    this.anvil = anvil;
    this.stateFile = stateFile(options);
    this.logFile = options.workDir().resolve("anvil.log");
    this.process = process;
    this.port = process.port();
    this.rpc = new HttpService(rpcUrl(options.host(), port));
    this.client = new ChainClient(Web3j.build(rpc), CHAIN_ID, Duration.ofMillis(50), Duration.ofSeconds(60));
    this.shutdownHook = new Thread(() -> {
      AnvilProcess p = this.process;
      if (p != null) {
        p.stopNow();
      }
    }, "writ-devchain-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Installs the npm packages if needed, starts a fresh anvil on a free port, deploys the
   * configured contracts, registers the domains and writes {@code chain.json}.
   */
  public static DevChain start(DevChainOptions options) {
    Path anvil = ContractsToolchain.locate().anvil();
    AnvilProcess.ensureDirectory(options.workDir());
    try {
      // a fresh chain: a state file left by an earlier run would be loaded by --state
      Files.deleteIfExists(stateFile(options));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove the old anvil state in " + options.workDir(), e);
    }
    AnvilProcess process = launch(anvil, options, 0);
    DevChain chain = new DevChain(options, anvil, process);
    try {
      chain.config = chain.deployAll();
      chain.applyBlockProduction();
      chain.config.write(chain.chainJson());
      log.info("dev chain up at {} (anvil pid {}, {}), contracts {}, domains {}; wrote {}",
          chain.rpcUrl(), process.pid(), options.blocks(), chain.config.contracts(), options.domains(), chain.chainJson());
      return chain;
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  public String rpcUrl() {
    return rpcUrl(options.host(), port);
  }

  public int port() {
    return port;
  }

  public long chainId() {
    return CHAIN_ID;
  }

  /** The chain description also written to {@link #chainJson()}. */
  public ChainConfig config() {
    return config;
  }

  public Path chainJson() {
    return options.workDir().resolve(CHAIN_JSON);
  }

  /** A client owned by the launcher (closed with it); it keeps working across {@link #restart()}. */
  public ChainClient client() {
    return client;
  }

  public DevChainOptions options() {
    return options;
  }

  public boolean isRunning() {
    AnvilProcess p = process;
    return p != null && p.isAlive();
  }

  public boolean blocksPaused() {
    return paused;
  }

  /** Stops block production (interval mining off, automine off): transactions wait in the mempool. */
  public synchronized void pauseBlocks() {
    rpcCall("evm_setAutomine", false);
    rpcCall("evm_setIntervalMining", 0);
    paused = true;
    log.info("dev chain {}: block production paused", rpcUrl());
  }

  /** Resumes the configured block production; pending transactions are mined. */
  public synchronized void resumeBlocks() {
    applyBlockProduction();
    if (options.blocks() instanceof BlockProduction.Automine) {
      rpcCall("evm_mine"); // automine only mines on the next transaction; flush what waited
    }
    paused = false;
    log.info("dev chain {}: block production resumed ({})", rpcUrl(), options.blocks());
  }

  /** Stops anvil gracefully (it dumps its state); the RPC URL stops answering until {@link #restart()}. */
  public synchronized void kill() {
    AnvilProcess p = process;
    if (p != null) {
      p.stop();
      process = null;
      log.info("dev chain {}: anvil stopped (state kept in {})", rpcUrl(), stateFile);
    }
  }

  /** Starts anvil again on the same port from the saved state, with the configured block production. */
  public synchronized void restart() {
    kill();
    process = launch(anvil, options, port);
    paused = false;
    applyBlockProduction();
    log.info("dev chain {}: anvil restarted (pid {}) from {}", rpcUrl(), process.pid(), stateFile);
  }

  /** Kills anvil (always) and releases the client. */
  @Override
  public synchronized void close() {
    kill();
    client.close();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to; the process is already stopped
    }
  }

  private ChainConfig deployAll() {
    List<DevDomain> domains = new ArrayList<>();
    for (int i = 0; i < options.domains().size(); i++) {
      domains.add(DevDomain.of(options.domains().get(i), i));
    }
    Map<String, String> addresses = new LinkedHashMap<>();
    ContractDeployer deployer = new ContractDeployer(client);
    for (DeploymentStep step : options.deployments()) {
      DeploymentContext context = new DeploymentContext(client, deployer, DevAccounts.deployer(), List.copyOf(domains),
          Map.copyOf(addresses), DevAccounts.firstSpare(domains.size()));
      addresses.put(step.contract(), step.deploy(context));
    }
    Map<String, ChainConfig.DomainAccounts> accounts = new LinkedHashMap<>();
    for (DevDomain d : domains) {
      accounts.put(d.name(), new ChainConfig.DomainAccounts(
          d.id(), ChainConfig.DevKey.of(d.anchorer()), ChainConfig.DevKey.of(d.admin())));
    }
    return new ChainConfig(rpcUrl(), CHAIN_ID, addresses, ChainConfig.DevKey.of(DevAccounts.deployer()), accounts);
  }

  private void applyBlockProduction() {
    if (options.blocks() instanceof BlockProduction.Interval interval) {
      rpcCall("evm_setIntervalMining", interval.seconds());
    } else {
      rpcCall("evm_setAutomine", true);
    }
  }

  private void rpcCall(String method, Object... params) {
    try {
      VoidResponse response = new Request<>(method, List.of(params), rpc, VoidResponse.class).send();
      if (response.hasError()) {
        throw new ChainException(ChainException.Code.RPC_ERROR,
            method + " failed: " + response.getError().getMessage());
      }
    } catch (IOException e) {
      throw new ChainException(ChainException.Code.RPC_UNREACHABLE, method + ": " + e.getMessage(), e);
    }
  }

  private static AnvilProcess launch(Path anvil, DevChainOptions options, int port) {
    int accounts = DevAccounts.required(options.domains().size());
    return AnvilProcess.start(anvil, options.host(), port, CHAIN_ID, accounts, stateFile(options),
        options.workDir().resolve("anvil.log"), READY_TIMEOUT, p -> answers(rpcUrl(options.host(), p)));
  }

  private static boolean answers(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(1))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}"))
        .build();
    try {
      HttpResponse<String> response = PROBE.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"result\"");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path stateFile(DevChainOptions options) {
    return options.workDir().resolve("anvil-state.json");
  }

  private static String rpcUrl(String host, int port) {
    return "http://" + host + ":" + port;
  }
}
