/**
 * The Jepsen-style drill harness, with Jepsen's five parts kept apart: the system under test
 * ({@code sut}: node JVMs in network namespaces on the drill's own PostgreSQL), the clients and
 * the seeded generator ({@code workload}), the nemeses ({@code nemesis}), the history as JSON
 * lines ({@code history}) and the invariant checkers over it ({@code check}); {@code report}
 * renders the HTML page and plots. {@link dev.writ.chaos.Drill} puts them together.
 */
package dev.writ.chaos;
