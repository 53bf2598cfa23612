package dev.writ.bench;

import dev.writ.fabric.DomainNodes;
import dev.writ.fabric.RegionNodes;
import dev.writ.fabric.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one of the bench's targets puts a request: its client (agent or PEP) in {@code clientRegion}
 * calling node {@code nodeId}, which runs in {@code nodeRegion}. With a topology in several regions
 * the bench's clients stand in each of the domain's regions and call every node from there (through
 * the link's relay when the node is elsewhere), so each (client region, node region) pair is measured.
 */
public record Placement(String clientRegion, String nodeId, String nodeRegion) {

    /** The pair the figures are grouped by: {@code "eu -> us"}, a client in eu calling a node in us. */
    public String label() {
        return clientRegion + " -> " + nodeRegion;
    }

    /**
     * Every placement of {@code domain}'s clients and nodes: for each of the domain's regions in
     * topology order, a client there calling each of the domain's nodes in topology order.
     */
    public static List<Placement> of(Topology topology, String domain) {
        DomainNodes nodes = topology.domainNodes(domain);
        List<Placement> out = new ArrayList<>();
        for (RegionNodes client : nodes.regions()) {
            for (RegionNodes at : nodes.regions()) {
                for (String id : at.nodeIds()) {
                    out.add(new Placement(client.region(), id, at.region()));
                }
            }
        }
        return List.copyOf(out);
    }
}
