package dev.writ.fabric;

import java.util.List;
import java.util.Objects;

/**
 * Where one node of a fabric runs, when not on the fabric's shared host: the address it binds
 * (HTTP and Artery) and a command its JVM is started under, e.g. {@code ip netns exec writ-n1}
 * so the node lives in its own network namespace (chaos drills cut links between namespaces).
 *
 * @param commandPrefix prepended to the node's {@code java ...} command line; empty for none
 * @param arteryHost    the host name in the node's Artery address (its identity in the cluster),
 *                      which each region resolves to its own way to the node (a relay across
 *                      regions, {@code dev.writ.fabric.region.RegionLinks}); {@code host} when the
 *                      address is the node's bind address itself
 * @param jvmFlags      added to the fabric's JVM flags for this node (e.g. its region's hosts file)
 */
public record NodePlacement(String host, List<String> commandPrefix, String arteryHost, List<String> jvmFlags) {
    public NodePlacement {
        Objects.requireNonNull(host, "host");
        commandPrefix = List.copyOf(commandPrefix);
        Objects.requireNonNull(arteryHost, "arteryHost");
        jvmFlags = List.copyOf(jvmFlags);
    }

    /** A node whose Artery address is its bind address, with no JVM flags of its own. */
    public NodePlacement(String host, List<String> commandPrefix) {
        this(host, commandPrefix, host, List.of());
    }
}
