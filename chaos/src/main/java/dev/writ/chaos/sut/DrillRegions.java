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
 * (the database's primary) and {@link #OTHER}, or three with {@link #THIRD}. Node ids stay
 * {@code <domain>-<n>} (the checkers read a node's domain from its id), the first ones in
 * {@link #PRIMARY}.
 */
public final class DrillRegions {
    public static final String PRIMARY = "eu";
    public static final String OTHER = "us";
    public static final String THIRD = "ap";

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

    /**
     * For losing, cycle after cycle, whichever region holds the database's primary then: the nodes
     * over {@link #PRIMARY}, {@link #OTHER} and {@link #THIRD} in consecutive blocks as even as can
     * be (the first regions one more), the primary in {@link #PRIMARY} and a synchronous standby in
     * each other region (quorum commit). Every region must hold fewer than half the nodes, so the
     * nodes that survive any one region keep a majority: 3 nodes, or 5 and more.
     */
    public static Topology threeRegions(int nodes) {
        List<String> regions = List.of(PRIMARY, OTHER, THIRD);
        List<RegionNodes> placed = new ArrayList<>();
        int next = 1;
        for (int r = 0; r < regions.size(); r++) {
            int size = nodes / regions.size() + (r < nodes % regions.size() ? 1 : 0);
            if (size == 0 || size * 2 >= nodes) {
                throw new IllegalArgumentException("a domain across three regions, each a minority of its nodes, needs 3"
                        + " nodes or 5 or more, got " + nodes);
            }
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < size; n++) {
                ids.add(SystemUnderTest.DOMAIN + "-" + next++);
            }
            placed.add(new RegionNodes(regions.get(r), ids));
        }
        return Topology.of(new DomainNodes(SystemUnderTest.DOMAIN, placed,
                new DatabaseRegions(PRIMARY, List.of(OTHER, THIRD))));
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
