/**
 * What a domain's operators hold, usable without a running node: the domain CA
 * ({@link dev.writ.authority.ca}: root and intermediate, agent certificates from CSRs, the record of
 * what was issued and revoked, node certificates for Artery TLS) and PolicyRegistry governance
 * ({@link dev.writ.authority.governance}: one owner's propose, approve, cancel and execute, and a
 * change walked through the whole multisig and timelock). The {@code writ ca} commands, the fabric
 * launcher and the drills use them directly; the node uses the CA for its online intermediate.
 * Nothing here depends on the node or on Pekko.
 */
package dev.writ.authority;
