package dev.writ.fabric;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** The nodes one domain runs in one region (docs/regions.md). */
public record RegionNodes(String region, List<String> nodeIds) {
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");

    public RegionNodes {
        checkName(region);
        nodeIds = List.copyOf(nodeIds);
        if (nodeIds.isEmpty()) {
            throw new IllegalArgumentException("region " + region + " needs at least one node");
        }
        if (new HashSet<>(nodeIds).size() != nodeIds.size()) {
            throw new IllegalArgumentException("node ids must be unique, got " + nodeIds);
        }
    }

    /** A region name is a host name label: lower-case letters, digits and '-', at most 31 characters. */
    public static String checkName(String region) {
        Objects.requireNonNull(region, "region");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("a region is lower-case letters, digits and '-' (at most 31), got '"
                    + region + "'");
        }
        return region;
    }
}
