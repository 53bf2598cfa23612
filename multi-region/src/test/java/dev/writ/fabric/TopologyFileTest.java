package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopologyFileTest {
    private static final String TWO_REGIONS = """
            round-trip = 40ms
            regions = [eu, us]
            domains = [
              { name = acme
                regions = [ { region = eu, nodes = 2 }, { region = us, nodes = [acme-us-a] } ]
                database { primary = eu } }
            ]
            """;

    @Test
    void theExampleDescribesTwoDomainsAcrossThreeRegionsWithTheirDatabasesPlaced() {
        TopologyFile file = TopologyFile.read(Path.of("..", "examples", "topology-two-domains-three-regions.conf"));

        Topology t = file.topology();
        assertThat(t.domains()).containsExactly("acme", "globex");
        assertThat(t.regions()).containsExactly("eu-west", "us-east", "ap-south");
        assertThat(t.nodeIds()).containsExactly("acme-eu-west-1", "acme-us-east-1", "globex-us-1", "globex-ap-1");
        assertThat(t.regionOf("globex-ap-1")).isEqualTo("ap-south");
        assertThat(t.domainNodes("globex").database()).isEqualTo(new DatabaseRegions("ap-south", Optional.of("us-east")));
        assertThat(file.roundTrip()).isEqualTo(Duration.ofMillis(60));
        assertThat(file.database()).isEqualTo(TopologyFile.Database.REPLICATED_POSTGRES);
        FabricOptions options = file.applyTo(FabricOptions.builder(Path.of("w"))).build();
        assertThat(options.database()).isEqualTo(new DatabaseChoice.ReplicatedPostgres(Duration.ofMillis(30)));
        assertThat(options.regionRoundTrip()).isEqualTo(Duration.ofMillis(60));
    }

    @Test
    void aStandbyInEachOtherRegionIsAQuorumListedInTheJdbcUrlOrder() {
        TopologyFile file = TopologyFile.parse("""
                database = replicated-postgres
                regions = [eu, us, ap]
                domains = [
                  { name = acme
                    regions = [ { region = eu, nodes = 1 }, { region = us, nodes = 1 }, { region = ap, nodes = 1 } ]
                    database { primary = eu, standbys = [us, ap] } }
                ]
                """, "t.conf");

        DatabaseRegions placed = file.topology().domainNodes("acme").database();
        assertThat(placed.standbys()).containsExactly("us", "ap");
        assertThat(placed.servers()).containsExactly("eu", "us", "ap");
        assertThatThrownBy(() -> TopologyFile.parse("database = replicated-postgres\n" + TWO_REGIONS.replace(
                "primary = eu", "primary = eu, standby = us, standbys = [us]"), "t.conf"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new DatabaseRegions("eu", List.of("us", "us"))).hasMessageContaining("one standby per region");
    }

    @Test
    void countsNameNodesByDomainAndRegionAndH2IsTheDefault() {
        TopologyFile file = TopologyFile.parse(TWO_REGIONS, "t.conf");

        assertThat(file.topology().nodeIds()).containsExactly("acme-eu-1", "acme-eu-2", "acme-us-a");
        assertThat(file.topology().multiRegion()).isTrue();
        assertThat(file.database()).isEqualTo(TopologyFile.Database.H2);
        assertThat(file.roundTrip()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void errorsNameTheFileLineAndWhatIsWrong() {
        assertThatThrownBy(() -> TopologyFile.parse(TWO_REGIONS.replace("round-trip", "round-trips"), "t.conf"))
                .hasMessageContaining("t.conf: 1:").hasMessageContaining("unknown key 'round-trips'");
        assertThatThrownBy(() -> TopologyFile.parse(TWO_REGIONS.replace("region = us,", "region = ap,"), "t.conf"))
                .hasMessageContaining("t.conf: 5:").hasMessageContaining("region ap, which is not in 'regions' [eu, us]");
        assertThatThrownBy(() -> TopologyFile.parse(TWO_REGIONS.replace("primary = eu", "primary = eu, standby = us"), "t.conf"))
                .hasMessageContaining("t.conf: 6:").hasMessageContaining("only database = replicated-postgres runs");
        assertThatThrownBy(() -> TopologyFile.parse("database = replicated-postgres\n" + TWO_REGIONS, "t.conf"))
                .hasMessageContaining("needs a 'standby' region");
        assertThatThrownBy(() -> TopologyFile.parse(TWO_REGIONS.replace("[eu, us]", "[eu, us, ap]"), "t.conf"))
                .hasMessageContaining("region ap has no node");
        assertThatThrownBy(() -> TopologyFile.parse(TWO_REGIONS.replace("acme-us-a", "Acme_US"), "t.conf"))
                .hasMessageContaining("host name label").hasMessageContaining("Acme_US");
        assertThatThrownBy(() -> TopologyFile.parse("database = replicated-postgres\n"
                + TWO_REGIONS.replace("primary = eu", "primary = us, standby = us"), "t.conf")).hasMessageContaining("another region");
        assertThatThrownBy(() -> TopologyFile.parse("database = oracle\n" + TWO_REGIONS, "t.conf"))
                .hasMessageContaining("h2, postgres or replicated-postgres, got 'oracle'");
        assertThatThrownBy(() -> TopologyFile.parse("domains = []", "t.conf")).hasMessageContaining("'regions' is missing");
        assertThatThrownBy(() -> TopologyFile.parse("regions = [eu, {", "t.conf")).hasMessageContaining("t.conf");
        assertThatThrownBy(() -> TopologyFile.read(Path.of("no-such-topology.conf"))).hasMessageContaining("does not exist");
    }

    @Test
    void aDatabaseServerMustBeInARegionOfItsDomain() {
        String text = TWO_REGIONS.replace("regions = [eu, us]", "regions = [eu, us, ap]")
                .replace("primary = eu", "primary = ap");
        assertThatThrownBy(() -> TopologyFile.parse(text, "t.conf")).hasMessageContaining("where it has no nodes");
    }

    @Test
    void aTopologyWithoutRegionsHasTheLocalOne() {
        Topology t = Topology.singleDomain("acme", 2);
        assertThat(t.regions()).containsExactly(Topology.LOCAL_REGION);
        assertThat(t.multiRegion()).isFalse();
        assertThat(t.domainNodes("acme").database()).isEqualTo(DatabaseRegions.primaryIn(Topology.LOCAL_REGION));
        assertThat(new DomainNodes("acme", List.of("A_1")).nodeIds()).containsExactly("A_1");
    }
}
