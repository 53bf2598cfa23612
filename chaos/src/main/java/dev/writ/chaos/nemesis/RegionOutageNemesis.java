package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.RegionDatabase;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.fabric.DatabaseRegions;
import dev.writ.fabric.region.RegionLinks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The region holding the database's primary is lost: kill -9 of every node there, an immediate
 * shutdown of the primary, every link between that region and the other cut (which fences the old
 * primary too), then the operator's act, the standby promoted (docs/regions.md, "Who promotes").
 * The other region's nodes follow the promotion through their multi-host URL. Healing restores the
 * links and starts the lost nodes again; the database stays on the promoted standby, now without a
 * standby of its own, so a drill injects one outage: a second start is refused (NOT_INJECTED).
 */
public final class RegionOutageNemesis implements Nemesis {
    private final SystemUnderTest sut;
    private List<String> lost = List.of();
    private boolean promoted;
    /** Whether the last start began to lose the region (a refused second outage leaves nothing to heal). */
    private boolean struck;

    public RegionOutageNemesis(SystemUnderTest sut) {
        this.sut = sut;
    }

    @Override
    public FaultKind kind() {
        return FaultKind.REGION_OUTAGE;
    }

    @Override
    public Fault start(Random random) {
        struck = false;
        if (promoted) {
            throw new IllegalStateException("one region outage per drill: the promoted standby has no standby of its own"
                    + " (the old primary is not rebuilt)");
        }
        DatabaseRegions placed = sut.fabric().topology().domainNodes(SystemUnderTest.DOMAIN).database();
        String region = placed.primary();
        String other = placed.standby().orElseThrow(() -> new IllegalStateException("the domain's database has no standby"));
        RegionDatabase database = (RegionDatabase) sut.database();
        lost = sut.fabric().topology().domainNodes(SystemUnderTest.DOMAIN).nodeIds().stream()
                .filter(id -> sut.fabric().topology().regionOf(id).equals(region)).toList();
        struck = true; // from here on, whatever part of the loss happened is undone by heal
        List<String> killed = new ArrayList<>();
        for (String id : lost) {
            long pid = sut.fabric().pid(id);
            sut.fabric().kill(id);
            killed.add(id + " (pid " + pid + ")");
        }
        database.servers().losePrimary();
        links().cut(region, other);
        Duration promotion = database.servers().promoteStandby();
        promoted = true;
        return new Fault(null, "region " + region + " lost: SIGKILL " + String.join(", ", killed)
                + ", the database's primary stopped (immediate), every link to " + other + " cut; the standby in " + other
                + " promoted in " + promotion.toMillis() + " ms");
    }

    @Override
    public String heal() {
        if (!struck) {
            return "no region was lost in this cycle; nothing to heal";
        }
        struck = false;
        DatabaseRegions placed = sut.fabric().topology().domainNodes(SystemUnderTest.DOMAIN).database();
        links().heal(placed.primary(), placed.standby().orElseThrow());
        lost.forEach(id -> sut.fabric().restart(id));
        List<String> also = sut.restoreAll();
        return "region " + placed.primary() + " back: links restored, restarted " + String.join(", ", lost)
                + "; the database stays on the promoted standby in " + placed.standby().get()
                + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }

    private RegionLinks links() {
        return sut.fabric().regionLinks().orElseThrow(() -> new IllegalStateException("the system under test has no regions"));
    }
}
