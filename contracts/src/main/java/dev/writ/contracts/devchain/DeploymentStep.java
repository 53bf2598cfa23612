package dev.writ.contracts.devchain;

/**
 * Deploys one contract onto the dev chain and sets it up for the domains (e.g. registers each
 * domain's anchorer). The launcher runs its steps in order; add a contract by adding a step.
 */
public interface DeploymentStep {
  /** The contract's artifact name; the key of its address in {@code chain.json}. */
  String contract();

  /** Deploys and configures the contract; returns its address. */
  String deploy(DeploymentContext context);
}
