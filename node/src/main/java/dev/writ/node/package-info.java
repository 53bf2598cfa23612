/**
 * Not built yet (issue 3). Will hold one broker process: the typed Pekko cluster node, the
 * sharded event-sourced WritEntity and evidence lanes, the admission and redemption
 * pipelines, the HTTP API, health and metrics.
 */
package dev.writ.node;
