package dev.writ.chaos.sut;

import dev.writ.fabric.DatabaseRegions;
import dev.writ.fabric.DomainNodes;
import dev.writ.fabric.RegionNodes;
import dev.writ.fabric.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The region drills' domain: {@link SystemUnderTest#DOMAIN} across two regions, {@link #PRIMARY}
 * (the database's primary) and {@link #OTHER}. Node ids stay {@code <domain>-<n>} (the checkers
 * read a node's domain from its id), the first ones in {@link #PRIMARY}.
 */
public final class DrillRegions {
    public static final String PRIMARY = "eu";
    public static final String OTHER = "us";

    private DrillRegions() {
    }

    /**
     * For a partition: {@code nodes} nodes, {@code ceil(nodes / 2)} of them in {@link #PRIMARY} with
     * the database's primary, so keep-majority and the database pick the same side.
     */
    public static Topology twoRegions(int nodes) {
        return split(nodes, (nodes + 1) / 2, Optional.empty());
    }

    /**
     * For the loss of {@link #PRIMARY}: {@code floor(nodes / 2)} of the nodes there with the
     * database's primary, the rest and the synchronous standby in {@link #OTHER}, so the nodes that
     * survive the region keep a majority of the cluster (keep-majority would down a minority).
     */
    public static Topology primaryInMinority(int nodes) {
        return split(nodes, nodes / 2, Optional.of(OTHER));
    }

    private static Topology split(int nodes, int primary, Optional<String> standby) {
        if (nodes < 2) {
            throw new IllegalArgumentException("a domain across two regions needs 2 nodes or more, got " + nodes);
        }
        List<String> eu = new ArrayList<>();
        List<String> us = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            (n <= primary ? eu : us).add(SystemUnderTest.DOMAIN + "-" + n);
        }
        return Topology.of(new DomainNodes(SystemUnderTest.DOMAIN,
                List.of(new RegionNodes(PRIMARY, eu), new RegionNodes(OTHER, us)), new DatabaseRegions(PRIMARY, standby)));
    }
}
