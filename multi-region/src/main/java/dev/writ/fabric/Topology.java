package dev.writ.fabric;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What to launch: one or more domains, each with its own nodes spread over one or more regions,
 * all in one Pekko cluster (each domain its own data center, each region a cluster role
 * {@code region:<name>}; docs/regions.md). Node ids are unique across the topology. The first
 * node of the first domain is the seed that forms the cluster. A topology made without regions
 * has one, {@link #LOCAL_REGION}; a user writes one with regions in a {@link TopologyFile}.
 */
public record Topology(List<DomainNodes> domainNodes) {
    /** The one region of a topology described without regions. */
    public static final String LOCAL_REGION = "local";
    private static final java.util.regex.Pattern HOST_LABEL = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public Topology {
        domainNodes = List.copyOf(domainNodes);
        if (domainNodes.isEmpty()) {
            throw new IllegalArgumentException("a topology needs at least one domain");
        }
        Set<String> domains = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (DomainNodes d : domainNodes) {
            if (!domains.add(d.domain())) {
                throw new IllegalArgumentException("domain " + d.domain() + " appears twice in the topology");
            }
            for (String id : d.nodeIds()) {
                if (!ids.add(id)) {
                    throw new IllegalArgumentException("node ids must be unique across domains, got " + id + " twice");
                }
            }
        }
        boolean regions = domainNodes.stream().flatMap(d -> d.regions().stream())
                .anyMatch(r -> !r.region().equals(LOCAL_REGION));
        for (String id : ids) {
            if (regions && !HOST_LABEL.matcher(id).matches()) {
                throw new IllegalArgumentException("in a topology with regions a node id is a host name label (it names"
                        + " the node's Artery host <id>.<region>.writ): lower-case letters, digits and '-', got '" + id + "'");
            }
        }
    }

    /** One domain with the given node ids. */
    public Topology(String domain, List<String> nodeIds) {
        this(List.of(new DomainNodes(domain, nodeIds)));
    }

    public static Topology of(DomainNodes... domains) {
        return new Topology(List.of(domains));
    }

    /** One domain of {@code nodes} nodes, {@code <domain>-1 .. <domain>-<nodes>}. */
    public static Topology singleDomain(String domain, int nodes) {
        return of(new DomainNodes(domain, nodes));
    }

    /** The domains, in launch order. */
    public List<String> domains() {
        return domainNodes.stream().map(DomainNodes::domain).toList();
    }

    /** Every node, domain by domain in launch order. */
    public List<String> nodeIds() {
        List<String> ids = new ArrayList<>();
        domainNodes.forEach(d -> ids.addAll(d.nodeIds()));
        return List.copyOf(ids);
    }

    public List<String> nodesOf(String domain) {
        return domainNodes(domain).nodeIds();
    }

    public String domainOf(String nodeId) {
        return domainNodes.stream().filter(d -> d.nodeIds().contains(nodeId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in this topology; nodes: "
                        + nodeIds()))
                .domain();
    }

    /** The domain of a single-domain topology; refused when there are several (use {@link #domains()}). */
    public String domain() {
        if (domainNodes.size() != 1) {
            throw new IllegalStateException("this topology has several domains " + domains() + "; ask for domains()");
        }
        return domainNodes.get(0).domain();
    }

    /** The number of nodes in all domains. */
    public int size() {
        return domainNodes.stream().mapToInt(d -> d.nodeIds().size()).sum();
    }

    /** Every region some domain runs nodes in, in order of first appearance. */
    public List<String> regions() {
        Set<String> regions = new java.util.LinkedHashSet<>();
        domainNodes.forEach(d -> d.regions().forEach(r -> regions.add(r.region())));
        return List.copyOf(regions);
    }

    /** More than one region: cross-region links exist and get relays ({@code dev.writ.fabric.region.RegionLinks}). */
    public boolean multiRegion() {
        return regions().size() > 1;
    }

    public String regionOf(String nodeId) {
        return domainNodes.stream().flatMap(d -> d.regionOf(nodeId).stream()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in this topology; nodes: "
                        + nodeIds()));
    }

    /** One domain's nodes, regions and database placement. */
    public DomainNodes domainNodes(String domain) {
        return domainNodes.stream().filter(d -> d.domain().equals(domain)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no domain " + domain + " in this topology; domains: "
                        + domains()));
    }

    public String seed() {
        return domainNodes.get(0).nodeIds().get(0);
    }
}
