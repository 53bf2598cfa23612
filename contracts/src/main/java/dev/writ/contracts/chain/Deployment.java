package dev.writ.contracts.chain;

/** A contract deployed by {@link ContractDeployer}: where it lives and what it cost. */
public record Deployment(String contract, String address, String transactionHash, long blockNumber, long gasUsed) {}
