package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.DrillRegions;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.fabric.region.RegionLinks;
import java.util.List;
import java.util.Random;

/**
 * Cuts every link between the domain's two regions (HTTP, Artery, the database: {@link RegionLinks#cut}),
 * both ways; each region's clients still reach their own region's nodes. The region without the
 * database's primary cannot commit anything, whatever the split brain resolver does with its
 * nodes. Healing restores the links and restarts a node the cluster downed meanwhile.
 */
public final class RegionPartitionNemesis implements Nemesis {
    private final SystemUnderTest sut;

    public RegionPartitionNemesis(SystemUnderTest sut) {
        this.sut = sut;
    }

    @Override
    public FaultKind kind() {
        return FaultKind.REGION_PARTITION;
    }

    @Override
    public Fault start(Random random) {
        links().cut(DrillRegions.PRIMARY, DrillRegions.OTHER);
        return new Fault(null, "every link between regions " + DrillRegions.PRIMARY + " (the database's primary, "
                + sut.fabric().topology().domainNodes(SystemUnderTest.DOMAIN).regions().get(0).nodeIds() + ") and "
                + DrillRegions.OTHER + " cut, both ways");
    }

    @Override
    public String heal() {
        links().heal(DrillRegions.PRIMARY, DrillRegions.OTHER);
        List<String> also = sut.restoreAll();
        return "links between " + DrillRegions.PRIMARY + " and " + DrillRegions.OTHER + " restored"
                + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }

    private RegionLinks links() {
        return sut.fabric().regionLinks().orElseThrow(() -> new IllegalStateException(
                "the system under test has no regions: the region drills start one across " + DrillRegions.PRIMARY
                        + " and " + DrillRegions.OTHER));
    }
}
