/**
 * Not built yet (issue 7). Will hold the Jepsen-style drill harness: workload generators,
 * nemeses (partitions, kills, pauses, chain and database outages, clock skew), the recorded
 * history as plain data, the invariant checkers and the HTML drill report.
 */
package dev.writ.chaos;
