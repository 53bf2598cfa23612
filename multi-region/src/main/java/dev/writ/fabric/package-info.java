/**
 * Not built yet (issues 6 and 7). Will hold the topology model (domains x regions x nodes),
 * rendering each node's configuration, launching a whole fabric locally as processes in
 * network namespaces, cross-region routing and the multi-region test suite.
 */
package dev.writ.fabric;
