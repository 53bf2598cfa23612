package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeConfigRendererTest {

    private static NodeConfig config(Optional<Path> policy, Map<String, String> extra) {
        return new NodeConfig("acme-2", "acme", Path.of("/tmp/fabric/acme-2"), "127.0.0.1", 17402, 25502,
                List.of("pekko://writ@127.0.0.1:25501"), 3,
                new NodeConfig.Journal("jdbc:h2:tcp://127.0.0.1:9092/acme", "sa", "", 8), policy, extra);
    }

    private static Config parse(NodeConfig c) {
        return ConfigFactory.parseString(NodeConfigRenderer.render(c)).resolve();
    }

    @Test
    void rendersEveryKeyThatDiffersBetweenNodesIncludingPekkosClusterKeys() {
        Config c = parse(config(Optional.empty(), Map.of()));

        assertThat(c.getString("writ.node.id")).isEqualTo("acme-2");
        assertThat(c.getString("writ.node.domain")).isEqualTo("acme");
        assertThat(c.getString("writ.node.data-dir")).isEqualTo("/tmp/fabric/acme-2");
        assertThat(c.getString("writ.http.host")).isEqualTo("127.0.0.1");
        assertThat(c.getInt("writ.http.port")).isEqualTo(17402);
        assertThat(c.getString("writ.journal.url")).isEqualTo("jdbc:h2:tcp://127.0.0.1:9092/acme");
        assertThat(c.getString("writ.journal.user")).isEqualTo("sa");
        assertThat(c.getString("writ.journal.password")).isEmpty();
        assertThat(c.getInt("writ.journal.max-connections")).isEqualTo(8);
        assertThat(c.getStringList("writ.cluster.seed-nodes")).containsExactly("pekko://writ@127.0.0.1:25501");
        assertThat(c.getInt("writ.cluster.min-members")).isEqualTo(3);
        // The node's Pekko settings take the seeds from writ.cluster once composed as NodeMain does.
        assertThat(dev.writ.node.NodeMain.compose(c).getStringList("pekko.cluster.seed-nodes"))
                .containsExactly("pekko://writ@127.0.0.1:25501");
        assertThat(c.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("127.0.0.1");
        assertThat(c.getInt("pekko.remote.artery.canonical.port")).isEqualTo(25502);
        assertThat(c.hasPath("writ.policy.file")).isFalse();
    }

    @Test
    void aNodeInARegionHasItsRegionItsRoleAndAnArteryNameBesidesItsBindAddress() {
        NodeConfig n = new NodeConfig("a3", "acme", Path.of("/f/a3"), "127.77.2.3", "a3.us.writ", Optional.of("us"),
                7003, 8003, List.of("pekko://writ@a1.eu.writ:8001"), 2,
                new NodeConfig.Journal("jdbc:h2:tcp://127.0.0.1:9092/acme", "sa", "", 8), Optional.empty(), Map.of());
        Config c = dev.writ.node.NodeMain.compose(ConfigFactory.parseString(NodeConfigRenderer.render(n)));

        assertThat(c.getString("writ.node.region")).isEqualTo("us");
        assertThat(c.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("a3.us.writ");
        assertThat(c.getString("pekko.remote.artery.bind.hostname")).isEqualTo("127.77.2.3");
        assertThat(c.getString("writ.http.host")).isEqualTo("127.77.2.3");
        assertThat(n.arteryAddress()).isEqualTo("pekko://writ@a3.us.writ:8003");
        assertThat(parse(config(Optional.empty(), Map.of())).hasPath("writ.node.region")).as("no region, none rendered")
                .isFalse();
    }

    @Test
    void isPureSameConfigSameText() {
        assertThat(NodeConfigRenderer.render(config(Optional.empty(), Map.of("b", "1", "a", "2"))))
                .isEqualTo(NodeConfigRenderer.render(config(Optional.empty(), Map.of("a", "2", "b", "1"))));
    }

    @Test
    void stringsWithQuotesBackslashesAndDollarsSurviveAsWritten() {
        NodeConfig c = new NodeConfig("n1", "acme", Path.of("/tmp/we\"ird ${x} dir\\"), "127.0.0.1", 1, 2,
                List.of(), 1, new NodeConfig.Journal("jdbc:postgresql://h/db?x=\"y\"", "u", "p\"a$s\\w\nd", 4),
                Optional.empty(), Map.of());

        Config parsed = parse(c);

        assertThat(parsed.getString("writ.node.data-dir")).isEqualTo("/tmp/we\"ird ${x} dir\\");
        assertThat(parsed.getString("writ.journal.password")).isEqualTo("p\"a$s\\w\nd");
        assertThat(parsed.getString("writ.journal.url")).isEqualTo("jdbc:postgresql://h/db?x=\"y\"");
        assertThat(parsed.getStringList("writ.cluster.seed-nodes")).isEmpty();
    }

    @Test
    void policyFileAndExtraOverridesAreWrittenAndOverridesWin() {
        Config c = parse(config(Optional.of(Path.of("/etc/writ/bench-policy.conf")),
                Map.of("writ.evidence.lanes", "4", "writ.http.port", "9999")));

        assertThat(c.getString("writ.policy.file")).isEqualTo("/etc/writ/bench-policy.conf");
        assertThat(c.getInt("writ.evidence.lanes")).isEqualTo(4);
        assertThat(c.getInt("writ.http.port")).isEqualTo(9999);
    }

    @Test
    void relativeDataDirIsRenderedAbsoluteSoTheNodesWorkingDirectoryDoesNotMatter() {
        NodeConfig c = new NodeConfig("n1", "acme", Path.of("rel/n1"), "127.0.0.1", 1, 2, List.of(), 1,
                new NodeConfig.Journal("jdbc:h2:mem:x", "sa", "", 1), Optional.empty(), Map.of());

        assertThat(Path.of(parse(c).getString("writ.node.data-dir"))).isAbsolute();
    }

    @Test
    void refusesPortsOutOfRangeAndZeroMembers() {
        var journal = new NodeConfig.Journal("jdbc:h2:mem:x", "sa", "", 1);
        assertThatThrownBy(() -> new NodeConfig("n", "acme", Path.of("d"), "h", 0, 2, List.of(), 1, journal,
                Optional.empty(), Map.of())).hasMessageContaining("httpPort");
        assertThatThrownBy(() -> new NodeConfig("n", "acme", Path.of("d"), "h", 1, 2, List.of(), 0, journal,
                Optional.empty(), Map.of())).hasMessageContaining("minMembers");
    }

    @Test
    void seedAddressIsPekkoUriOfTheWritActorSystem() {
        assertThat(NodeConfig.arteryAddress("127.0.0.1", 25501)).isEqualTo("pekko://writ@127.0.0.1:25501");
    }
}
