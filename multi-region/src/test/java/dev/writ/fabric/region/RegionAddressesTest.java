package dev.writ.fabric.region;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.fabric.DatabaseRegions;
import dev.writ.fabric.DomainNodes;
import dev.writ.fabric.RegionNodes;
import dev.writ.fabric.Topology;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionAddressesTest {
    private static final Topology T = Topology.of(
            new DomainNodes("acme", List.of(new RegionNodes("eu", List.of("a1", "a2")), new RegionNodes("us", List.of("a3"))),
                    DatabaseRegions.primaryIn("eu")),
            new DomainNodes("globex", List.of(new RegionNodes("ap", List.of("g1"))), DatabaseRegions.primaryIn("ap")));

    @Test
    void eachRegionSeesEachNodeAtItsOwnLoopbackAddressAndANodeBindsItsRegionsOne() {
        RegionAddresses a = new RegionAddresses(T);

        assertThat(a.home("a1")).isEqualTo("127.77.1.1");
        assertThat(a.home("a3")).isEqualTo("127.77.2.3");
        assertThat(a.home("g1")).isEqualTo("127.77.3.4");
        assertThat(a.address("a3", "eu")).isEqualTo("127.77.1.3");
        assertThat(a.hostName("a3")).isEqualTo("a3.us.writ");
    }

    @Test
    void aRegionsHostsFileResolvesEveryNodeNameToThatRegionsViewAndKeepsLocalhost() {
        String eu = new RegionAddresses(T).hostsFile("eu", List.of("box", "localhost", "box"));

        assertThat(eu).contains("127.0.0.1 localhost box\n", "127.77.1.1 a1.eu.writ\n", "127.77.1.3 a3.us.writ\n",
                "127.77.1.4 g1.ap.writ\n");
    }

    @Test
    void aJdbcUrlsServersAreReplacedOneByOne() {
        String url = "jdbc:postgresql://127.0.0.1:5433,127.0.0.1:5434/writ_acme?targetServerType=primary";

        assertThat(JdbcHosts.of(url)).containsExactly("127.0.0.1:5433", "127.0.0.1:5434");
        assertThat(JdbcHosts.replace(url, Map.of("127.0.0.1:5433", "127.0.0.1:9000")))
                .isEqualTo("jdbc:postgresql://127.0.0.1:9000,127.0.0.1:5434/writ_acme?targetServerType=primary");
        assertThat(JdbcHosts.replace("jdbc:h2:tcp://127.0.0.1:9092/acme", Map.of("127.0.0.1:9092", "127.0.0.1:1")))
                .isEqualTo("jdbc:h2:tcp://127.0.0.1:1/acme");
    }
}
