/**
 * The deterministic state machines of cross-domain reconciliation (invariant 7, docs/invariants.md):
 * what a node knows
 * about every domain from the signed {@code ProofEnvelope}s it received, and the fail-closed verdict
 * that decides whether an action depending on a domain may go ahead now.
 *
 * <p>Everything here is a function of the <em>set</em> of verified envelopes received: any
 * permutation, duplication or interleaving of the same envelopes gives the same state and the same
 * {@link dev.writ.reconciliation.Reconciler#digest digest}. The only inputs that are not envelopes
 * are the local receive time (kept out of every digest) and the clock passed to the verdict.
 * A domain's lineage checkpoints bound what is held: once a node's chain of a domain is whole up to
 * a checkpoint that continues it, only the chain from there up is held (and digested), so a node
 * that started at that checkpoint ({@link dev.writ.reconciliation.Reconciler#anchor}) holds the same.
 * No actors, no clocks, no I/O: inputs in, values out. Envelope signatures are checked before an
 * envelope gets here ({@code Envelopes.open} against the sender domain's keys from the chain).
 */
package dev.writ.reconciliation;
