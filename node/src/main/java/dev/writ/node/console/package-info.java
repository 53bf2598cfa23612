/**
 * The operator console (docs/decisions.md, D72): a web page served by the node on a
 * port of its own, loopback by default, off unless {@code writ.console.enabled}. An operator logs in
 * with a single-use code that the CLI obtains with the operator's signed credential
 * ({@link dev.writ.node.console.LoginCodes}), exchanged once by the page for a session cookie
 * ({@link dev.writ.node.console.ConsoleSessions}). Every view is read-only and reads what the node's
 * stores and live views already hold, on the reads dispatcher.
 */
package dev.writ.node.console;
