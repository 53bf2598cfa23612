package dev.writ.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.fabric.TopologyFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RegionsDemoTest {
    @Test
    void theExampleTopologyLosesTheRegionWithThePrimaryAndAMinorityOfTheNodes() {
        var regions = RegionsDemo.Regions.of(TopologyFile.read(Path.of("..", "examples", "topology-one-domain-two-regions.conf")));

        assertThat(regions.a()).isEqualTo("eu");
        assertThat(regions.b()).isEqualTo("us");
        assertThat(regions.nodesA()).containsExactly("acme-eu-1");
        assertThat(regions.nodesB()).containsExactly("acme-us-1", "acme-us-2");
        assertThat(regions.shares()).isEqualTo("eu 0.333, us 0.666");
    }

    @Test
    void aPrimaryRegionHoldingHalfTheNodesIsRefused() {
        TopologyFile even = TopologyFile.parse("""
                database = replicated-postgres
                regions = [eu, us]
                domains = [ { name = acme, regions = [ { region = eu, nodes = 1 }, { region = us, nodes = 1 } ]
                              database { primary = eu, standby = us } } ]
                """, "even.conf");

        assertThatThrownBy(() -> RegionsDemo.Regions.of(even)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must hold fewer nodes than us");
    }

    @Test
    void aDomainWithoutAStandbyIsRefused() {
        TopologyFile noStandby = TopologyFile.parse("""
                database = postgres
                regions = [eu, us]
                domains = [ { name = acme, regions = [ { region = eu, nodes = 1 }, { region = us, nodes = 2 } ]
                              database { primary = eu } } ]
                """, "no-standby.conf");

        assertThatThrownBy(() -> RegionsDemo.Regions.of(noStandby)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicated-postgres");
    }
}
