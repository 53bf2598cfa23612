package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.NetworkLab;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.fabric.LocalFabric;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Cuts one domain off from the other: blackhole routes between every node of the partner
 * domain and every node of acme, both directions. Each domain keeps its database and the chain, and
 * clients still reach every node; what is hidden is each domain's envelopes from the other, so
 * after the beacon bound each must refuse what depends on the other. Healing removes the routes.
 */
public final class DomainPartitionNemesis implements Nemesis {
    private final SystemUnderTest sut;
    private final NetworkLab network;

    public DomainPartitionNemesis(SystemUnderTest sut) {
        this.sut = sut;
        this.network = sut.network().orElseThrow(() -> new IllegalStateException(
                "partitions need network namespaces (root with iproute2)"));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.DOMAIN_PARTITION;
    }

    @Override
    public Fault start(Random random) {
        LocalFabric partner = sut.partner().orElseThrow(() -> new IllegalStateException("this drill has no partner domain"));
        Set<String> side = new LinkedHashSet<>(partner.nodeIds());
        network.partition(side);
        return new Fault(String.join(",", side), "domain partition: " + SystemUnderTest.PARTNER + " cut off from "
                + SystemUnderTest.DOMAIN + " (" + List.copyOf(side) + " | " + sut.fabric().nodeIds() + ")");
    }

    @Override
    public String heal() {
        network.heal();
        List<String> also = sut.restoreAll();
        return "network healed" + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }
}
