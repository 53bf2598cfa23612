package dev.writ.chaos.sut;

import dev.writ.fabric.DatabaseRegions;
import dev.writ.fabric.DomainNodes;
import dev.writ.fabric.RegionNodes;
import dev.writ.fabric.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * The region drills' domain: {@link SystemUnderTest#DOMAIN} across two regions, {@link #PRIMARY}
 * (the majority of the nodes and the database's primary) and {@link #OTHER}. Node ids stay
 * {@code <domain>-<n>} (the checkers read a node's domain from its id), the first ones in
 * {@link #PRIMARY}.
 */
public final class DrillRegions {
    public static final String PRIMARY = "eu";
    public static final String OTHER = "us";

    private DrillRegions() {
    }

    /** {@code nodes} nodes, {@code ceil(nodes / 2)} of them in {@link #PRIMARY} with the database's primary. */
    public static Topology twoRegions(int nodes) {
        if (nodes < 2) {
            throw new IllegalArgumentException("a domain across two regions needs 2 nodes or more, got " + nodes);
        }
        int primary = (nodes + 1) / 2;
        List<String> eu = new ArrayList<>();
        List<String> us = new ArrayList<>();
        for (int n = 1; n <= nodes; n++) {
            (n <= primary ? eu : us).add(SystemUnderTest.DOMAIN + "-" + n);
        }
        return Topology.of(new DomainNodes(SystemUnderTest.DOMAIN,
                List.of(new RegionNodes(PRIMARY, eu), new RegionNodes(OTHER, us)), DatabaseRegions.primaryIn(PRIMARY)));
    }
}
