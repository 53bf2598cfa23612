/**
 * Thin web3j 4.13 wrappers for Writ's contracts, hand-written over the committed ABI so nothing is
 * generated at build time. Every revert surfaces as a {@link dev.writ.contracts.chain.ContractRevert}
 * carrying the Solidity custom error's name and arguments; every other failure as a
 * {@link dev.writ.contracts.chain.ChainException} with a stable code. The PolicyRegistry's nested
 * policy document is beyond web3j's typed API: {@link dev.writ.contracts.chain.PolicyRegistryAbi}
 * encodes its calls with {@link dev.writ.contracts.chain.AbiValue} and decodes untrusted results
 * with {@link dev.writ.contracts.chain.AbiType}, refusing bad bytes as a
 * {@link dev.writ.contracts.chain.PolicyDocumentException}.
 */
package dev.writ.contracts.chain;
