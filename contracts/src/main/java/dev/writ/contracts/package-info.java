/**
 * Not built yet (issue 4). Will hold the Solidity sources and committed compiled artifacts
 * (PolicyRegistry, AgentRegistry, EvidenceAnchor), the web3j chain gateway (view reads cached
 * by block, the durable anchoring outbox, chain health) and the local dev-chain (anvil) launcher.
 */
package dev.writ.contracts;
