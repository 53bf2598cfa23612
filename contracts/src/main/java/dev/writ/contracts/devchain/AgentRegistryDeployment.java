package dev.writ.contracts.devchain;

import dev.writ.contracts.chain.AgentRegistryContract;

/** Deploys {@code AgentRegistry} and registers every domain with its dev admin wallet. */
public final class AgentRegistryDeployment implements DeploymentStep {
  @Override
  public String contract() {
    return AgentRegistryContract.NAME;
  }

  @Override
  public String deploy(DeploymentContext context) {
    String address = context.deployer().deploy(contract(), "", context.admin()).address();
    AgentRegistryContract registry = new AgentRegistryContract(context.chain(), address);
    for (DevDomain domain : context.domains()) {
      registry.registerDomain(context.admin(), domain.id(), domain.admin().getAddress());
    }
    return address;
  }
}
