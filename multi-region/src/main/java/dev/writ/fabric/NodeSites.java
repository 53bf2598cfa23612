package dev.writ.fabric;

/**
 * Where each node of a fabric runs and how it reaches its domain's database: by default what
 * {@link FabricOptions} places and the database as the launcher reaches it; across regions, each
 * node's region's view ({@code dev.writ.fabric.region.RegionLinks}: relays on cross-region links).
 */
public interface NodeSites {

    NodePlacement placement(String nodeId);

    /** How node {@code nodeId} reaches its domain's database, which the launcher reaches by {@code direct}. */
    NodeConfig.Journal journal(String nodeId, NodeConfig.Journal direct);

    /** The options' placements, and every node reaches its database as the launcher does. */
    static NodeSites of(FabricOptions options) {
        return new NodeSites() {
            @Override
            public NodePlacement placement(String nodeId) {
                return options.placement(nodeId);
            }

            @Override
            public NodeConfig.Journal journal(String nodeId, NodeConfig.Journal direct) {
                return direct;
            }
        };
    }
}
