/**
 * The local dev chain: anvil from the pinned npm package, started on a free port, with Writ's
 * contracts deployed and the domains registered, described in a {@code chain.json} that nodes read
 * ({@link dev.writ.contracts.chain.ChainConfig}). For demos and tests only: its keys are public.
 */
package dev.writ.contracts.devchain;
