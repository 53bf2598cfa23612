/**
 * The durable evidence log (invariants 3 and 4, docs/invariants.md):
 * {@link dev.writ.node.evidence.EvidenceLog} seals a
 * node's records onto its own lanes and group-commits them through
 * {@link dev.writ.node.evidence.EvidenceStore} (JDBC, H2 or PostgreSQL); an action is acknowledged
 * only after its records are durable, and refused with
 * {@link dev.writ.node.evidence.EvidenceUnavailableException} when they cannot be.
 * {@link dev.writ.node.evidence.KeyDirectory} publishes the nodes' public keys to the domain.
 */
package dev.writ.node.evidence;
