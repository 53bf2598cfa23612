package dev.writ.contracts.devchain;

import dev.writ.contracts.chain.EvidenceAnchorContract;

/** Deploys {@code EvidenceAnchor} and sets every domain's dev anchorer wallet. */
public final class EvidenceAnchorDeployment implements DeploymentStep {
  @Override
  public String contract() {
    return EvidenceAnchorContract.NAME;
  }

  @Override
  public String deploy(DeploymentContext context) {
    String address = context.deployer().deploy(contract(), "", context.admin()).address();
    EvidenceAnchorContract anchor = new EvidenceAnchorContract(context.chain(), address);
    for (DevDomain domain : context.domains()) {
      anchor.registerDomain(context.admin(), domain.id(), domain.anchorer().getAddress());
    }
    return address;
  }
}
