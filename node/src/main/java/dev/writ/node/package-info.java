/**
 * One broker node: the typed Pekko cluster member ({@link dev.writ.node.Node}, started by
 * {@link dev.writ.node.NodeMain}), its sharded event-sourced entities (writs, approvals, budgets,
 * the revocation ledger), the admission and redemption pipelines, the evidence lanes and anchor
 * batches, the HTTP API, health and metrics. Packages are by capability: {@code admission},
 * {@code redemption}, {@code writs}, {@code revocation}, {@code evidence}, {@code anchoring},
 * {@code policy}, {@code budget}, {@code api}, {@code health}.
 */
package dev.writ.node;
