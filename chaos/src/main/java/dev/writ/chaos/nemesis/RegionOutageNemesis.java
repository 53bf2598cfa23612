package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.RegionDatabase;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.fabric.Topology;
import dev.writ.fabric.region.RegionLinks;
import dev.writ.fabric.region.ReplicatedDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The region holding the database's primary now is lost: kill -9 of every node there, an immediate
 * shutdown of the primary, every link between that region and each other cut (which fences the old
 * primary too), then the operator's act, the most advanced standby promoted (docs/regions.md, "Who
 * promotes"). The other regions' nodes follow the promotion through their multi-host URL. Healing
 * restores the links, then rejoins the lost server as a synchronous standby of the new primary
 * ({@link RegionRejoin}, what {@code writ db rejoin} does) while it starts the lost nodes again, so the
 * next cycle can lose the region holding the primary then. That region must hold fewer than half
 * the domain's nodes (keep-majority would down the survivors, D10): in the two-region drill the
 * second outage would lose the majority and is refused (NOT_INJECTED); in the three-region one
 * every cycle loses a region.
 */
public final class RegionOutageNemesis implements Nemesis {
    private final SystemUnderTest sut;
    private List<String> lost = List.of();
    private String lostRegion;
    /** Whether the last start began to lose the region (a refused outage leaves nothing to heal). */
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
        Topology topology = sut.fabric().topology();
        ReplicatedDatabase servers = database();
        String region = servers.primary(); // the servers are named by their regions
        List<String> nodes = topology.domainNodes(SystemUnderTest.DOMAIN).nodeIds();
        List<String> there = nodes.stream().filter(id -> topology.regionOf(id).equals(region)).toList();
        if (there.size() * 2 >= nodes.size()) {
            throw new IllegalStateException("the database's primary is in " + region + ", which holds " + there.size()
                    + " of the " + nodes.size() + " nodes: the survivors of its loss would be a minority, which"
                    + " keep-majority downs (the domain lost by design)");
        }
        lost = there;
        lostRegion = region;
        struck = true; // from here on, whatever part of the loss happened is undone by heal
        List<String> killed = new ArrayList<>();
        for (String id : lost) {
            long pid = sut.fabric().pid(id);
            sut.fabric().kill(id);
            killed.add(id + " (pid " + pid + ")");
        }
        servers.losePrimary();
        List<String> others = otherRegions();
        others.forEach(other -> links().cut(region, other));
        ReplicatedDatabase.Promotion promotion = servers.promoteMostAdvanced();
        return new Fault(null, "region " + region + " lost: SIGKILL " + String.join(", ", killed)
                + ", the database's primary stopped (immediate), every link to " + String.join(", ", others)
                + " cut; the standby in " + promotion.promoted() + " promoted in " + promotion.took().toMillis()
                + " ms (the standbys had reached " + promotion.positions().stream().map(p -> p.name() + " " + p.reach())
                .collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String heal() {
        if (!struck) {
            return "no region was lost in this cycle; nothing to heal";
        }
        struck = false;
        otherRegions().forEach(other -> links().heal(lostRegion, other));
        // the server rejoins while the lost nodes start (a restart waits until the node is HEALTHY, tens of seconds
        // under load), so the rejoin adds little to the heal; the server never accepts writes meanwhile, and the
        // nodes' multi-host URL settles on the primary
        CompletableFuture<String> rejoin = CompletableFuture.supplyAsync(() -> RegionRejoin.rejoin(database(), lostRegion));
        try {
            lost.forEach(id -> sut.fabric().restart(id));
        } finally {
            awaitQuietly(rejoin); // never leaves a rejoin running behind a failed restart
        }
        String rejoined = joined(rejoin);
        List<String> also = sut.restoreAll();
        return "region " + lostRegion + " back: links restored; restarted " + String.join(", ", lost) + "; " + rejoined
                + "; the primary is now in " + database().primary() + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }

    private static void awaitQuietly(CompletableFuture<String> rejoin) {
        try {
            rejoin.join();
        } catch (CompletionException | CancellationException e) {
            // reported by joined(), or by the restart's own failure
        }
    }

    /** The rejoin's account, or its refusal or failure as thrown. */
    private static String joined(CompletableFuture<String> rejoin) {
        try {
            return rejoin.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private List<String> otherRegions() {
        return sut.fabric().topology().regions().stream().filter(r -> !r.equals(lostRegion)).toList();
    }

    private ReplicatedDatabase database() {
        return ((RegionDatabase) sut.database()).servers();
    }

    private RegionLinks links() {
        return sut.fabric().regionLinks().orElseThrow(() -> new IllegalStateException("the system under test has no regions"));
    }
}
