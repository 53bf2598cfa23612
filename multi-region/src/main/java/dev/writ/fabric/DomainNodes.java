package dev.writ.fabric;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One domain (organisation, a Pekko data center) of a {@link Topology} and its nodes. Made from a
 * count, the node ids are {@code <domain>-1 .. <domain>-N}.
 */
public record DomainNodes(String domain, List<String> nodeIds) {
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public DomainNodes {
        Objects.requireNonNull(domain, "domain");
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("a domain is lower-case letters, digits, '.' and '-', got '" + domain + "'");
        }
        nodeIds = List.copyOf(nodeIds);
        if (nodeIds.isEmpty()) {
            throw new IllegalArgumentException("domain " + domain + " needs at least one node");
        }
        if (new HashSet<>(nodeIds).size() != nodeIds.size()) {
            throw new IllegalArgumentException("node ids must be unique, got " + nodeIds);
        }
        for (String id : nodeIds) {
            if (!NODE.matcher(id).matches()) {
                throw new IllegalArgumentException("a node id is letters, digits, '_', '.' and '-', got '" + id + "'");
            }
        }
    }

    /** {@code nodes} nodes named {@code <domain>-1 .. <domain>-<nodes>}. */
    public DomainNodes(String domain, int nodes) {
        this(domain, numbered(domain, nodes));
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
