package dev.writ.contracts.devchain;

import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * anvil's funded dev accounts, derived in Java from its well-known test mnemonic (BIP-44 path
 * m/44'/60'/0'/0/i), so the launcher needs no parsing of anvil's banner. Public keys: dev only.
 *
 * <p>Roles: account 0 deploys and administers the contracts; domain {@code i} (in the order given)
 * anchors with account {@code 1 + 2i} and administers its registry entries with {@code 2 + 2i};
 * accounts from {@link #firstSpare(int)} on are free for further deployment steps (e.g. multisig owners).
 */
public final class DevAccounts {
  /** anvil's default mnemonic; the chain is started with it explicitly so the keys never drift. */
  public static final String MNEMONIC = "test test test test test test test test test test test junk";

  /** Accounts beyond the per-domain ones, for deployment steps that need more wallets. */
  public static final int SPARE_ACCOUNTS = 5;

  private static final Bip32ECKeyPair MASTER = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));

  private DevAccounts() {}

  public static Credentials account(int index) {
    int[] path = {44 | Bip32ECKeyPair.HARDENED_BIT, 60 | Bip32ECKeyPair.HARDENED_BIT, Bip32ECKeyPair.HARDENED_BIT, 0, index};
    return Credentials.create(Bip32ECKeyPair.deriveKeyPair(MASTER, path));
  }

  public static Credentials deployer() {
    return account(0);
  }

  public static Credentials anchorer(int domainIndex) {
    return account(1 + 2 * domainIndex);
  }

  public static Credentials domainAdmin(int domainIndex) {
    return account(2 + 2 * domainIndex);
  }

  public static int firstSpare(int domainCount) {
    return 1 + 2 * domainCount;
  }

  /** How many accounts anvil must fund for {@code domainCount} domains plus the spares. */
  public static int required(int domainCount) {
    return firstSpare(domainCount) + SPARE_ACCOUNTS;
  }
}
