/**
 * Writ's on-chain side. {@link dev.writ.contracts.chain} holds the committed contract artifacts'
 * loader and thin hand-written web3j wrappers (calls, transactions, typed custom-error reverts);
 * {@link dev.writ.contracts.devchain} starts a local anvil dev chain with the contracts deployed.
 * The Solidity sources live in {@code src/main/solidity}, the on-chain interface in the module's
 * README.
 */
package dev.writ.contracts;
