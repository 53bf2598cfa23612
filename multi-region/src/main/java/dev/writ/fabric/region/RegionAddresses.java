package dev.writ.fabric.region;

import dev.writ.fabric.Topology;
import java.util.List;
import java.util.Objects;

/**
 * Where each region of a fabric on one machine sees each node (D81). Pure.
 * Every address in {@code 127.0.0.0/8} is the loopback interface on Linux, so with no root and no
 * namespace each region gets its own plane of addresses: node {@code n} (topology order) as seen
 * from region {@code r} (topology order) is {@code 127.77.<r+1>.<n+1>}. A node binds its own
 * region's address; in every other region the same address is a {@link DelayRelay} to it.
 *
 * <p>A node's Artery address is its identity in the cluster, so it cannot be a relay's port: it is
 * the host name {@code <node>.<region>.writ}, and each region's nodes resolve every such name
 * through their own hosts file ({@code -Djdk.net.hosts.file}, read by the JDK's resolver, which
 * Pekko's default {@code inet-address} resolver uses) to that region's view of the node: the node
 * itself in its own region, a relay elsewhere.
 */
public record RegionAddresses(Topology topology) {
    private static final int MAX = 254;

    public RegionAddresses {
        Objects.requireNonNull(topology, "topology");
        if (topology.regions().size() > MAX || topology.size() > MAX) {
            throw new IllegalArgumentException("at most " + MAX + " regions and " + MAX + " nodes on one machine, got "
                    + topology.regions().size() + " and " + topology.size());
        }
    }

    /** The address node {@code nodeId} binds: its own region's view of it. */
    public String home(String nodeId) {
        return address(nodeId, topology.regionOf(nodeId));
    }

    /** Node {@code nodeId} as region {@code viewRegion} reaches it: itself at home, a relay elsewhere. */
    public String address(String nodeId, String viewRegion) {
        int region = topology.regions().indexOf(viewRegion);
        if (region < 0) {
            throw new IllegalArgumentException("no region " + viewRegion + " in this topology; regions: "
                    + topology.regions());
        }
        int node = topology.nodeIds().indexOf(nodeId);
        if (node < 0) {
            throw new IllegalArgumentException("no node " + nodeId + " in this topology; nodes: " + topology.nodeIds());
        }
        return "127.77." + (region + 1) + "." + (node + 1);
    }

    /** The host name in node {@code nodeId}'s Artery address. */
    public String hostName(String nodeId) {
        return nodeId + "." + topology.regionOf(nodeId) + ".writ";
    }

    /**
     * The hosts file of {@code region}'s nodes: every node's host name at this region's view of it,
     * and {@code localhost} and the machine's own names at 127.0.0.1 (the file replaces the system's
     * resolver for the JVM, so a name it lacks does not resolve).
     */
    public String hostsFile(String region, List<String> machineNames) {
        StringBuilder out = new StringBuilder("# Region ").append(region)
                .append(": how its nodes reach every node (dev.writ.fabric.region.RegionAddresses).\n");
        out.append("127.0.0.1 localhost");
        machineNames.stream().filter(n -> !n.equals("localhost")).distinct().forEach(n -> out.append(' ').append(n));
        out.append('\n');
        for (String id : topology.nodeIds()) {
            out.append(address(id, region)).append(' ').append(hostName(id)).append('\n');
        }
        return out.toString();
    }
}
