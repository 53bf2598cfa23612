/**
 * Launching a Writ fabric locally: the topology, rendering each node's configuration
 * ({@link dev.writ.fabric.NodeConfigRenderer}), and {@link dev.writ.fabric.LocalFabric}, which runs
 * every node as its own JVM process against one shared database (an H2 TCP server it starts, or a
 * fresh PostgreSQL database). The open-loop benchmark behind {@code bin/writ bench} is in
 * {@code dev.writ.fabric.bench}. Network namespaces and cross-region routing come later.
 */
package dev.writ.fabric;
