/**
 * Not built yet (issue 6). Will hold the pure, deterministic state machines of cross-domain
 * reconciliation: the add-only revocation ledger, epoch vectors, continuity tracking and gap
 * detection over proof envelopes, equivocation detection, and the fail-closed verdict.
 * No actors, no clocks, no I/O: inputs in, values out.
 */
package dev.writ.reconciliation;
