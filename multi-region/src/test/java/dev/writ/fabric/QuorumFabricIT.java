package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.fabric.region.RegionLinks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A domain whose database spans three regions, launched from a topology file as `writ fabric
 * --topology` launches it ({@code standbys = [us, ap]}): a server per region, the primary waiting
 * for either standby (both {@code quorum}), every node HEALTHY on it, the nodes' JDBC URL naming all
 * three servers (the primary first), each node reaching the servers outside its region through relays.
 *
 * <p>Opt-in ({@code -Dwrit.it.quorum-fabric=true}, about a minute and a half: three node JVMs);
 * {@code QuorumStandbysIT} tests the three-region database itself in every run.
 */
@EnabledIfSystemProperty(named = "writ.it.quorum-fabric", matches = "true")
class QuorumFabricIT {
    private static final String TOPOLOGY = """
            round-trip = 20ms
            database = replicated-postgres
            regions = [eu, us, ap]
            domains = [
              { name = acme
                regions = [ { region = eu, nodes = 1 }, { region = us, nodes = 1 }, { region = ap, nodes = 1 } ]
                database { primary = eu, standbys = [us, ap] } }
            ]
            """;

    @Test
    void aDomainRunsOnAPrimaryWithAQuorumOfStandbysInTwoOtherRegions() throws Exception {
        TopologyFile file = TopologyFile.parse(TOPOLOGY, "quorum.conf");
        Path work = Path.of("target", "it-quorum-fabric-" + UUID.randomUUID()).toAbsolutePath();
        try (LocalFabric fabric = LocalFabric.launch(file.topology(),
                file.applyTo(FabricOptions.builder(work)).startTimeout(Duration.ofSeconds(300)).build())) {
            for (String id : fabric.nodeIds()) {
                fabric.awaitHealth(id, NodeHealth::healthy, Duration.ofSeconds(90), "HEALTHY");
            }
            String direct = fabric.journal("acme").url();
            String[] servers = direct.substring("jdbc:postgresql://".length(), direct.indexOf('/', "jdbc:postgresql://".length()))
                    .split(",");
            assertThat(servers).hasSize(3);
            Map<String, String> states = new LinkedHashMap<>();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + servers[0] + "/postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                try (ResultSet r = s.executeQuery("SHOW synchronous_standby_names")) {
                    r.next();
                    assertThat(r.getString(1)).isEqualTo("ANY 1 (\"us\", \"ap\")");
                }
                try (ResultSet r = s.executeQuery("SELECT application_name, sync_state FROM pg_stat_replication")) {
                    while (r.next()) {
                        states.put(r.getString(1), r.getString(2));
                    }
                }
            }
            assertThat(states).containsExactlyInAnyOrderEntriesOf(Map.of("us", "quorum", "ap", "quorum"));
            // the eu node reaches the primary directly and each standby through a relay; the ap node the reverse for ap
            String eu = fabric.config("acme-eu-1").journal().url();
            String ap = fabric.config("acme-ap-1").journal().url();
            assertThat(eu).contains("//" + servers[0] + ",").doesNotContain(servers[1]).doesNotContain(servers[2]);
            assertThat(ap).contains("," + servers[2] + "/").doesNotContain(servers[0]).doesNotContain(servers[1]);
            RegionLinks links = fabric.regionLinks().orElseThrow();
            assertThat(links.links()).filteredOn(l -> l.what().startsWith("database acme")).hasSize(6);
        }
    }
}
