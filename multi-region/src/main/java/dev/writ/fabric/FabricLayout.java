package dev.writ.fabric;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of every node of a fabric, before anything starts. Pure: from the topology,
 * the options and what was allocated (ports, each domain's database, each node's TLS settings).
 * <ul>
 *   <li>every node is a seed, in topology order: the first node of the first domain forms the
 *       cluster, every other node joins it, whatever its domain (one cluster, a data center per domain);</li>
 *   <li>{@code min-members} is the node count of the node's own domain: the node's start-up gate
 *       counts the Up members of its own data center;</li>
 *   <li>the journal is the node's domain's database, as the node's region reaches it ({@link NodeSites});</li>
 *   <li>a node of a topology with regions gets its region ({@code writ.node.region}, role {@code region:<name>});</li>
 *   <li>the overrides are the domain's identity ({@link FabricIdentity}: agent certificates and the
 *       operator credential required), then the fabric-wide ones and the domain's
 *       ({@link FabricOptions#extraConfig(String)}), which may relax them, then the node's TLS settings.</li>
 * </ul>
 */
final class FabricLayout {
    private FabricLayout() {
    }

    /**
     * @param ports    two per node in topology order: HTTP, then Artery
     * @param journals per domain, how its nodes reach its database
     * @param identity per domain, its identity overrides
     * @param tls      per node id, its Artery TLS overrides (or its knowing consent to plain TCP)
     * @param sites    where each node runs (its bind address and Artery host name) and how it reaches its database
     */
    static List<NodeConfig> nodes(Topology topology, FabricOptions options, Path workDir, int[] ports,
                                  Map<String, NodeConfig.Journal> journals, Map<String, Map<String, String>> identity,
                                  Map<String, Map<String, String>> tls, NodeSites sites) {
        for (String domain : options.domainConfig().keySet()) {
            if (!topology.domains().contains(domain)) {
                throw new IllegalArgumentException("configuration was given for domain " + domain
                        + ", which is not in the topology " + topology.domains());
            }
        }
        List<String> ids = topology.nodeIds();
        if (ports.length != 2 * ids.size()) {
            throw new IllegalArgumentException("two ports per node: " + 2 * ids.size() + ", got " + ports.length);
        }
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            seeds.add(NodeConfig.arteryAddress(sites.placement(ids.get(i)).arteryHost(), ports[2 * i + 1]));
        }
        List<NodeConfig> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String domain = topology.domainOf(id);
            NodeConfig.Journal journal = journals.get(domain);
            if (journal == null) {
                throw new IllegalArgumentException("no database for domain " + domain);
            }
            NodePlacement placement = sites.placement(id);
            Optional<String> region = topology.regions().equals(List.of(Topology.LOCAL_REGION))
                    ? Optional.empty() : Optional.of(topology.regionOf(id));
            out.add(new NodeConfig(id, domain, workDir.resolve(id), placement.host(), placement.arteryHost(), region,
                    ports[2 * i], ports[2 * i + 1], seeds, topology.nodesOf(domain).size(), sites.journal(id, journal),
                    options.policyFile(),
                    overrides(budgetShares(topology, domain), identity.getOrDefault(domain, Map.of()), options.extraConfig(domain),
                            tls.getOrDefault(id, Map.of()))));
        }
        return List.copyOf(out);
    }

    /** With regions, each region's budget owners grant its share of every limit (the node's writ.regions). */
    private static Map<String, String> budgetShares(Topology topology, String domain) {
        Map<String, java.math.BigDecimal> shares = topology.domainNodes().stream()
                .filter(d -> d.domain().equals(domain)).findFirst().orElseThrow().budgetShares();
        if (shares.isEmpty()) {
            return Map.of();
        }
        StringBuilder value = new StringBuilder("{");
        shares.forEach((region, share) -> value.append(value.length() > 1 ? ", " : " ")
                .append(NodeConfigRenderer.quote(region)).append(" = ").append(share.toPlainString()));
        return Map.of("writ.regions.budget-shares", value.append(" }").toString());
    }

    @SafeVarargs
    private static Map<String, String> overrides(Map<String, String>... layers) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (Map<String, String> layer : layers) {
            merged.putAll(layer);
        }
        return merged;
    }
}
