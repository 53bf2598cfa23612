package dev.writ.contracts.devchain;

import dev.writ.contracts.chain.Bytes32;
import org.web3j.crypto.Credentials;

/** A domain on the dev chain: its name, on-chain id and the dev wallets acting for it. */
public record DevDomain(String name, int index, Bytes32 id, Credentials anchorer, Credentials admin) {
  static DevDomain of(String name, int index) {
    return new DevDomain(name, index, Bytes32.keccakOf(name), DevAccounts.anchorer(index), DevAccounts.domainAdmin(index));
  }
}
