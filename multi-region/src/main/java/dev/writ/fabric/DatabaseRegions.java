package dev.writ.fabric;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a domain's database runs: its primary's region and, when replicated, its synchronous
 * standby's region (D48, docs/regions.md). Nodes in another region reach a server through that
 * link's relay.
 */
public record DatabaseRegions(String primary, Optional<String> standby) {
    public DatabaseRegions {
        RegionNodes.checkName(primary);
        Objects.requireNonNull(standby, "standby");
        standby.ifPresent(RegionNodes::checkName);
        if (standby.filter(primary::equals).isPresent()) {
            throw new IllegalArgumentException("the standby must be in another region than the primary (" + primary + ")");
        }
    }

    public static DatabaseRegions primaryIn(String region) {
        return new DatabaseRegions(region, Optional.empty());
    }

    /** The servers' regions in the order a multi-host JDBC URL names them: the primary, then the standby. */
    public List<String> servers() {
        return standby.map(s -> List.of(primary, s)).orElse(List.of(primary));
    }
}
