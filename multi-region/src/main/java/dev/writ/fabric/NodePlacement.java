package dev.writ.fabric;

import java.util.List;
import java.util.Objects;

/**
 * Where one node of a fabric runs, when not on the fabric's shared host: the address it binds
 * (HTTP and Artery) and a command its JVM is started under, e.g. {@code ip netns exec writ-n1}
 * so the node lives in its own network namespace (chaos drills cut links between namespaces).
 *
 * @param commandPrefix prepended to the node's {@code java ...} command line; empty for none
 */
public record NodePlacement(String host, List<String> commandPrefix) {
    public NodePlacement {
        Objects.requireNonNull(host, "host");
        commandPrefix = List.copyOf(commandPrefix);
    }
}
