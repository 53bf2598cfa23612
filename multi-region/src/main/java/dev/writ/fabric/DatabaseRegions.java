package dev.writ.fabric;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a domain's database runs: its primary's region and, when replicated, a synchronous
 * standby's region for each other region that holds one (D48, docs/regions.md; with several, the
 * primary waits for any one of them: quorum commit). Nodes in another region reach a server through
 * that link's relay.
 */
public record DatabaseRegions(String primary, List<String> standbys) {
    public DatabaseRegions {
        RegionNodes.checkName(primary);
        standbys = List.copyOf(Objects.requireNonNull(standbys, "standbys"));
        standbys.forEach(RegionNodes::checkName);
        if (standbys.contains(primary)) {
            throw new IllegalArgumentException("a standby must be in another region than the primary (" + primary + ")");
        }
        if (new HashSet<>(standbys).size() != standbys.size()) {
            throw new IllegalArgumentException("one standby per region, got " + standbys);
        }
    }

    /** A primary and at most one standby. */
    public DatabaseRegions(String primary, Optional<String> standby) {
        this(primary, standby.map(List::of).orElse(List.of()));
    }

    public static DatabaseRegions primaryIn(String region) {
        return new DatabaseRegions(region, List.of());
    }

    /** The first standby's region, if there is one. */
    public Optional<String> standby() {
        return standbys.stream().findFirst();
    }

    /** The servers' regions in the order a multi-host JDBC URL names them: the primary, then each standby. */
    public List<String> servers() {
        List<String> all = new ArrayList<>(List.of(primary));
        all.addAll(standbys);
        return List.copyOf(all);
    }
}
