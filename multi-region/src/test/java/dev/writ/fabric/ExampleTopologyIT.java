package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.fabric.region.RegionLinks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The README's two-domain, three-region fabric, from examples/topology-two-domains-three-regions.conf
 * as `writ fabric --topology` launches it: per domain a PostgreSQL primary and synchronous standby
 * in the regions the file names, every node HEALTHY, every node's Artery reached from the other
 * regions through their relays, and each node's database URL naming relays for the servers outside
 * its region only.
 *
 * <p>Opt-in ({@code -Dwrit.it.example-topology=true}, about a minute): it keeps the suite within its
 * 30 minutes on 2 cores, and {@code RegionFabricIT} starts a topology file with regions in every run.
 */
@EnabledIfSystemProperty(named = "writ.it.example-topology", matches = "true")
class ExampleTopologyIT {

    @Test
    void theExampleFabricStartsWithEveryCrossRegionLinkRelayed() {
        TopologyFile file = TopologyFile.read(Path.of("..", "examples", "topology-two-domains-three-regions.conf"));
        Path work = Path.of("target", "it-example-topology-" + UUID.randomUUID()).toAbsolutePath();
        try (LocalFabric fabric = LocalFabric.launch(file.topology(),
                file.applyTo(FabricOptions.builder(work)).startTimeout(Duration.ofSeconds(300)).build())) {
            for (String id : fabric.nodeIds()) {
                NodeHealth h = fabric.awaitHealth(id, NodeHealth::healthy, Duration.ofSeconds(60), "HEALTHY");
                assertThat(h.nodeId()).isEqualTo(id);
            }
            RegionLinks links = fabric.regionLinks().orElseThrow();
            // acme's nodes talk across eu-west/us-east, globex's across us-east/ap-south, the two domains across all
            assertThat(links.links()).filteredOn(l -> l.what().equals("artery acme-eu-west-1") && l.from().equals("us-east"))
                    .singleElement().matches(l -> l.relay().connections() > 0, "acme's us-east node reached acme's eu-west node");
            assertThat(links.links()).filteredOn(l -> l.what().equals("artery globex-ap-1") && l.from().equals("us-east"))
                    .singleElement().matches(l -> l.relay().connections() > 0, "globex's us-east node reached globex's ap-south node");
            assertThat(fabric.databaseDescription("acme")).contains("synchronous standby");
            // a node reaches the server in its own region directly and the one in the other region through a relay
            String direct = fabric.journal("acme").url();
            String primary = direct.substring(0, direct.indexOf(',') + 1);
            String standby = direct.substring(direct.indexOf(','));
            String acmeEu = fabric.config("acme-eu-west-1").journal().url();
            String acmeUs = fabric.config("acme-us-east-1").journal().url();
            assertThat(acmeEu).startsWith(primary).doesNotEndWith(standby);
            assertThat(acmeUs).endsWith(standby).doesNotStartWith(primary);
        }
    }
}
