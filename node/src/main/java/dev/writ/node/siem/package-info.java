/**
 * SIEM export (docs/siem.md, D64): the node's own evidence lanes, tailed by (lane, seq)
 * behind a durable cursor per sink, as OCSF 1.3.0 events to a rotating JSON-lines file and an HTTP
 * collector, at least once; health changes as best-effort findings. Off the hot path: it reads what
 * the evidence log already made durable, on the upkeep dispatcher.
 */
package dev.writ.node.siem;
