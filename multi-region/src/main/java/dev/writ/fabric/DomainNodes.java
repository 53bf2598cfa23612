package dev.writ.fabric;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One domain (organisation, a Pekko data center) of a {@link Topology}: its nodes, region by region,
 * and the regions of its database's primary and standby. Made from a count or a list of ids, the
 * domain has one region, {@link Topology#LOCAL_REGION}; from a count the node ids are
 * {@code <domain>-1 .. <domain>-N}.
 */
public record DomainNodes(String domain, List<RegionNodes> regions, DatabaseRegions database) {
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public DomainNodes {
        Objects.requireNonNull(domain, "domain");
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("a domain is lower-case letters, digits, '.' and '-', got '" + domain + "'");
        }
        regions = List.copyOf(regions);
        Objects.requireNonNull(database, "database");
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("domain " + domain + " needs at least one node");
        }
        List<String> names = regions.stream().map(RegionNodes::region).toList();
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("domain " + domain + " lists a region twice: " + names);
        }
        for (String server : database.servers()) {
            if (!names.contains(server)) {
                throw new IllegalArgumentException("domain " + domain + " puts a database server in region " + server
                        + ", where it has no nodes; its regions: " + names);
            }
        }
        List<String> ids = regions.stream().flatMap(r -> r.nodeIds().stream()).toList();
        if (new HashSet<>(ids).size() != ids.size()) {
            throw new IllegalArgumentException("node ids must be unique, got " + ids);
        }
        for (String id : ids) {
            if (!NODE.matcher(id).matches()) {
                throw new IllegalArgumentException("a node id is letters, digits, '_', '.' and '-', got '" + id + "'");
            }
        }
    }

    /** The given node ids, all in {@link Topology#LOCAL_REGION} with the database. */
    public DomainNodes(String domain, List<String> nodeIds) {
        this(domain, List.of(new RegionNodes(Topology.LOCAL_REGION, nodeIds)), DatabaseRegions.primaryIn(Topology.LOCAL_REGION));
    }

    /** {@code nodes} nodes named {@code <domain>-1 .. <domain>-<nodes>}, in {@link Topology#LOCAL_REGION}. */
    public DomainNodes(String domain, int nodes) {
        this(domain, numbered(domain, nodes));
    }

    /** Every node, region by region. */
    public List<String> nodeIds() {
        return regions.stream().flatMap(r -> r.nodeIds().stream()).toList();
    }

    /** The region of one of this domain's nodes; empty when it is not one of them. */
    public java.util.Optional<String> regionOf(String nodeId) {
        return regions.stream().filter(r -> r.nodeIds().contains(nodeId)).map(RegionNodes::region).findFirst();
    }

    /**
     * Each region's share of every budget limit ({@code writ.regions.budget-shares}): its part of the
     * domain's nodes, rounded down to thousandths so the shares never add up to more than 1. Empty for
     * a domain in one region, whose budgets are not split.
     */
    public java.util.Map<String, java.math.BigDecimal> budgetShares() {
        if (regions.size() < 2) {
            return java.util.Map.of();
        }
        java.math.BigDecimal total = java.math.BigDecimal.valueOf(nodeIds().size());
        java.util.Map<String, java.math.BigDecimal> shares = new java.util.LinkedHashMap<>();
        for (RegionNodes r : regions) {
            shares.put(r.region(), java.math.BigDecimal.valueOf(r.nodeIds().size())
                    .divide(total, 3, java.math.RoundingMode.DOWN));
        }
        return java.util.Collections.unmodifiableMap(shares);
    }

    private static List<String> numbered(String domain, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a domain needs at least one node, got " + nodes);
        }
        List<String> ids = new ArrayList<>(nodes);
        for (int i = 1; i <= nodes; i++) {
            ids.add(domain + "-" + i);
        }
        return ids;
    }
}
