package dev.writ.contracts.devchain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link DevChain}.
 *
 * @param workDir where {@code chain.json}, anvil's state file and its log go (created if missing)
 * @param domains domain names in order; the order fixes which dev accounts act for which domain
 * @param blocks interval mining (default 1 s, L2-like) or automine
 * @param host the address anvil listens on (127.0.0.1, or a bridge address for network namespaces)
 * @param deployments the contracts to deploy, in order ({@link DevChain#STANDARD_DEPLOYMENTS} by default)
 */
public record DevChainOptions(
    Path workDir, List<String> domains, BlockProduction blocks, String host, List<DeploymentStep> deployments) {

  public DevChainOptions {
    Objects.requireNonNull(workDir, "workDir");
    domains = List.copyOf(domains);
    if (domains.stream().distinct().count() != domains.size()) {
      throw new IllegalArgumentException("duplicate domain names: " + domains);
    }
    Objects.requireNonNull(blocks, "blocks");
    Objects.requireNonNull(host, "host");
    deployments = List.copyOf(deployments);
  }

  /** 1-second blocks on 127.0.0.1 with the standard contracts. */
  public static DevChainOptions of(Path workDir, List<String> domains) {
    return new DevChainOptions(workDir, domains, new BlockProduction.Interval(1), "127.0.0.1",
        DevChain.STANDARD_DEPLOYMENTS);
  }

  public DevChainOptions withBlocks(BlockProduction blocks) {
    return new DevChainOptions(workDir, domains, blocks, host, deployments);
  }

  public DevChainOptions automine() {
    return withBlocks(new BlockProduction.Automine());
  }

  public DevChainOptions withHost(String host) {
    return new DevChainOptions(workDir, domains, blocks, host, deployments);
  }

  public DevChainOptions withDeployments(List<DeploymentStep> deployments) {
    return new DevChainOptions(workDir, domains, blocks, host, deployments);
  }

  /** The current deployments plus {@code step} at the end. */
  public DevChainOptions plusDeployment(DeploymentStep step) {
    List<DeploymentStep> all = new ArrayList<>(deployments);
    all.add(step);
    return withDeployments(all);
  }
}
