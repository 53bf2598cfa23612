/**
 * Launching a Writ fabric locally: the topology of one or more domains
 * ({@link dev.writ.fabric.Topology}), each node's configuration ({@link dev.writ.fabric.FabricLayout},
 * {@link dev.writ.fabric.NodeConfigRenderer}), and {@link dev.writ.fabric.LocalFabric}, which runs
 * every node as its own JVM process in one cluster, each domain against its own database (an H2
 * TCP server it starts, or a fresh PostgreSQL database), with its nodes' keys on the fabric's chain.
 * The applications on top of it — the demo ({@code dev.writ.demo}) and the benches
 * ({@code dev.writ.bench}) — are modules of their own. Network namespaces and cross-region routing
 * come later.
 */
package dev.writ.fabric;
