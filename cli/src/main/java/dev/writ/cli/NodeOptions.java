package dev.writ.cli;

import dev.writ.protocol.client.WritClient;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The node a client command talks to, and how long it waits for it: `--node`, `$WRIT_NODE`, `--timeout`. */
final class NodeOptions {
    @Option(names = "--node", paramLabel = "<url>", defaultValue = "${env:WRIT_NODE:-http://127.0.0.1:7401}",
            description = "the node's API (default: $WRIT_NODE, else http://127.0.0.1:7401)")
    private URI node;

    @Option(names = "--timeout", defaultValue = "10s", converter = HoconDuration.class,
            description = "bound on each request, from sending to the last byte (default ${DEFAULT-VALUE})")
    private Duration timeout;

    /** A client of the node, to which a command adds its credential. */
    WritClient.Builder client() {
        return WritClient.builder(node).timeout(timeout);
    }
}
